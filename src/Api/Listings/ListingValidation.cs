using FluentValidation;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Common;
using ResourceShare.Domain.Listings;

namespace ResourceShare.Api.Listings;

public sealed class LanguagePairDtoValidator : AbstractValidator<LanguagePairDto>
{
    private static readonly UserText SameLanguage = new("A pair needs two different languages.", "Ein Paar braucht zwei verschiedene Sprachen.");

    public LanguagePairDtoValidator()
    {
        RuleFor(x => x.From).NotEmpty().ValidLanguageTag();
        RuleFor(x => x.To).NotEmpty().ValidLanguageTag();
        RuleFor(x => x.To).Must((pair, to) => to is null || LanguageTags.Normalize(to) != LanguageTags.Normalize(pair.From))
            .WithMessage(_ => SameLanguage.ToString());
    }
}

/// <summary>The limits of every detail field; which fields a category takes is checked with the listing.</summary>
public sealed class ListingDetailsDtoValidator : AbstractValidator<ListingDetailsDto>
{
    public ListingDetailsDtoValidator()
    {
        RuleFor(x => x.Capacity).InclusiveBetween(1, CategoryFields.MaxCapacity);
        RuleFor(x => x.Attendees).InclusiveBetween(1, CategoryFields.MaxCapacity);
        RuleFor(x => x.AreaM2).InclusiveBetween(1, CategoryFields.MaxAreaM2);
        RuleFor(x => x.Quantity).InclusiveBetween(1, CategoryFields.MaxQuantity);
        RuleFor(x => x.Seats).InclusiveBetween(1, CategoryFields.MaxSeats);
        RuleFor(x => x.CargoVolumeM3).InclusiveBetween(0, CategoryFields.MaxCargoVolumeM3);
        RuleFor(x => x.Features).ItemCount(0, CategoryFields.MaxListItems);
        RuleForEach(x => x.Features).AllowedValues(CategoryFields.RoomFeatures);
        RuleFor(x => x.Modes).ItemCount(1, CategoryFields.InterpretingModes.Count);
        RuleForEach(x => x.Modes).AllowedValues(CategoryFields.InterpretingModes);
        RuleFor(x => x.Delivery).ItemCount(1, CategoryFields.DeliveryModes.Count);
        RuleForEach(x => x.Delivery).AllowedValues(CategoryFields.DeliveryModes);
        RuleFor(x => x.LanguagePairs).ItemCount(1, CategoryFields.MaxListItems);
        RuleForEach(x => x.LanguagePairs).NotNull().SetValidator(new LanguagePairDtoValidator());
        RuleFor(x => x.ItemType).MaximumLength(CategoryFields.MaxTextLength);
        RuleFor(x => x.ItemTag).MaximumLength(CategoryFields.MaxTopicLength).Matches(CategoryFields.TagPattern);
        RuleFor(x => x.Topics).ItemCount(1, CategoryFields.MaxListItems);
        RuleForEach(x => x.Topics).NotEmpty().MaximumLength(CategoryFields.MaxTopicLength).Matches(CategoryFields.TagPattern);
        RuleFor(x => x.Text).MaximumLength(ListingRules.DescriptionMaxLength);
    }
}

public sealed class PlaceDtoValidator : AbstractValidator<PlaceDto>
{
    public PlaceDtoValidator()
    {
        RuleFor(x => x.PostalCode).NotEmpty().MaximumLength(5).Matches(AssociationRules.PostalCodePattern);
        RuleFor(x => x.City).NotEmpty().MaximumLength(ListingRules.CityMaxLength);
        RuleFor(x => x.StreetAddress).MaximumLength(ListingRules.StreetAddressMaxLength);
        RuleFor(x => x.Latitude).InclusiveBetween(-90, 90);
        RuleFor(x => x.Longitude).InclusiveBetween(-180, 180);
        RuleFor(x => x.Longitude).Must((p, lon) => (p.Latitude is null) == (lon is null))
            .WithMessage(_ => new UserText("Give latitude and longitude together, or neither.", "Geben Sie Breite und Länge zusammen an oder keines von beiden.").ToString());
        RuleFor(x => x.ServiceRadiusKm).InclusiveBetween(0, ListingRules.MaxRadiusKm);
        RuleFor(x => x.MaxDistanceKm).InclusiveBetween(0, ListingRules.MaxRadiusKm);
    }
}

public sealed class WindowDtoValidator : AbstractValidator<WindowDto>
{
    public WindowDtoValidator()
    {
        RuleFor(x => x.Start).NotNull();
        RuleFor(x => x.End).NotNull();
    }
}

public sealed class WeeklyRuleDtoValidator : AbstractValidator<WeeklyRuleDto>
{
    public const string TimePattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

    public WeeklyRuleDtoValidator()
    {
        RuleFor(x => x.Days).NotEmpty().ItemCount(1, 7);
        RuleForEach(x => x.Days).AllowedValues(ListingParts.Days.Keys.ToList());
        RuleFor(x => x.From).NotEmpty().MaximumLength(5).Matches(TimePattern);
        RuleFor(x => x.To).NotEmpty().MaximumLength(5).Matches(TimePattern);
        RuleFor(x => x.StartDate).NotNull();
        RuleFor(x => x.EndDate).NotNull();
        RuleFor(x => x.EndDate).Must((rule, end) => end is null || rule.StartDate is null || end >= rule.StartDate)
            .WithMessage(_ => new UserText("Ends before it starts.", "Endet, bevor es beginnt.").ToString());
        RuleFor(x => x.ExcludedDates).ItemCount(0, Schedules.MaxHorizonDays);
    }
}

public sealed class ScheduleDtoValidator : AbstractValidator<ScheduleDto>
{
    public ScheduleDtoValidator()
    {
        RuleFor(x => x.Windows).ItemCount(0, Schedules.MaxWindows);
        RuleForEach(x => x.Windows).NotNull().SetValidator(new WindowDtoValidator());
        RuleFor(x => x.Weekly).ItemCount(0, Schedules.MaxRules);
        RuleForEach(x => x.Weekly).NotNull().SetValidator(new WeeklyRuleDtoValidator());
    }
}

public sealed class TermsDtoValidator : AbstractValidator<TermsDto>
{
    public TermsDtoValidator()
    {
        RuleFor(x => x.Kind).NotNull().IsInEnum();
        RuleFor(x => x.CostEur).InclusiveBetween(0, ListingRules.MaxCostEur).PrecisionScale(8, 2, ignoreTrailingZeros: true);
        RuleFor(x => x.MaxBudgetEur).InclusiveBetween(0, ListingRules.MaxCostEur).PrecisionScale(8, 2, ignoreTrailingZeros: true);
        RuleFor(x => x.ExchangeFor).MaximumLength(ListingRules.ExchangeMaxLength);
        RuleFor(x => x.CostEur).NotNull().When(x => x.Kind is { } kind && TermsRules.HasAmount(kind))
            .WithMessage(_ => new UserText("Cost sharing needs an amount in EUR.", "Kostenbeteiligung braucht einen Betrag in EUR.").ToString());
        RuleFor(x => x.CostEur).Null().When(x => x.Kind is not { } kind || !TermsRules.HasAmount(kind))
            .WithMessage(_ => new UserText("Only cost_sharing has an amount.", "Nur cost_sharing hat einen Betrag.").ToString());
        RuleFor(x => x.ExchangeFor).NotEmpty().When(x => x.Kind is { } kind && TermsRules.NeedsExchangeFor(kind))
            .WithMessage(_ => new UserText("Say what you would like in exchange.", "Sagen Sie, was Sie im Tausch möchten.").ToString());
    }
}

/// <summary>The rules of a listing that depend on its kind and category, shared by create and update.</summary>
public static class ListingParts
{
    public static readonly IReadOnlyDictionary<string, DayOfWeek> Days = Enum.GetValues<DayOfWeek>()
        .ToDictionary(d => d.ToString().ToLowerInvariant());

    private static readonly UserText NotForCategory = new("Not a field of this category; see GET /api/v1/categories.", "Kein Feld dieser Kategorie; siehe GET /api/v1/categories.");
    private static readonly UserText Required = new("Required for this category.", "Für diese Kategorie erforderlich.");

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out time);

    /// <summary>Which detail fields the category takes and requires; the limits of each are in <see cref="ListingDetailsDtoValidator"/>.</summary>
    public static void CheckDetails<T>(ListingDetailsDto details, ListingCategory category, ListingKind kind, ValidationContext<T> context)
    {
        var present = CategoryFields.Present(ToDomain(details)).ToList();
        foreach (var field in present.Except(CategoryFields.For(category, kind)))
        {
            context.AddFailure("details." + field, NotForCategory.ToString());
        }

        var filled = CategoryFields.Present(ToDomain(WithoutEmpty(details)));
        foreach (var field in CategoryFields.RequiredFor(category, kind).Except(filled))
        {
            context.AddFailure("details." + field, Required.ToString());
        }
    }

    /// <summary>The details with empty lists and blank texts left out: they do not fill a required field.</summary>
    private static ListingDetailsDto WithoutEmpty(ListingDetailsDto details) => details with
    {
        Features = details.Features is { Length: 0 } ? null : details.Features,
        LanguagePairs = details.LanguagePairs is { Length: 0 } ? null : details.LanguagePairs,
        Modes = details.Modes is { Length: 0 } ? null : details.Modes,
        Delivery = details.Delivery is { Length: 0 } ? null : details.Delivery,
        Topics = details.Topics is { Length: 0 } ? null : details.Topics,
        ItemType = string.IsNullOrWhiteSpace(details.ItemType) ? null : details.ItemType,
        ItemTag = string.IsNullOrWhiteSpace(details.ItemTag) ? null : details.ItemTag,
        Text = string.IsNullOrWhiteSpace(details.Text) ? null : details.Text,
    };

    public static void CheckPlace<T>(PlaceDto place, ListingKind kind, ValidationContext<T> context)
    {
        if (place.ServiceRadiusKm is not null && !KindRules.TakesServiceRadius(kind))
        {
            context.AddFailure("place.serviceRadiusKm", new UserText("Only offers have a service radius; a request has maxDistanceKm.", "Nur Angebote haben einen Einsatzradius; eine Anfrage hat maxDistanceKm.").ToString());
        }

        if (place.MaxDistanceKm is not null && !KindRules.TakesMaxDistance(kind))
        {
            context.AddFailure("place.maxDistanceKm", new UserText("Only requests have maxDistanceKm; an offer has serviceRadiusKm.", "Nur Anfragen haben maxDistanceKm; ein Angebot hat serviceRadiusKm.").ToString());
        }
    }

    /// <summary>Checks a schedule as a whole; <paramref name="today"/> bounds how far weekly rules may reach.</summary>
    public static void CheckSchedule<T>(ScheduleDto schedule, ListingKind kind, DateOnly today, ValidationContext<T> context)
    {
        var windows = schedule.Windows?.Length ?? 0;
        var weekly = schedule.Weekly?.Length ?? 0;
        for (var i = 0; i < weekly; i++)
        {
            // Checked before expansion, which walks every day of the rule.
            if (schedule.Weekly![i] is { } rule && !KindRules.WeeklyRuleWithinHorizon(rule.StartDate, rule.EndDate, today))
            {
                context.AddFailure($"schedule.weekly[{i}].endDate", new UserText(
                    $"A weekly rule may last at most {Schedules.MaxHorizonDays} days and reach at most as far ahead.",
                    $"Eine Wochenregel darf höchstens {Schedules.MaxHorizonDays} Tage dauern und höchstens so weit vorausreichen.").ToString());
            }
        }

        if (!KindRules.HasTimes(windows, weekly))
        {
            context.AddFailure("schedule", new UserText("Give at least one window or weekly rule.", "Geben Sie mindestens ein Zeitfenster oder eine Wochenregel an.").ToString());
        }

        if (!KindRules.ScheduleFits(kind, windows, weekly))
        {
            context.AddFailure("schedule.weekly", new UserText(
                "A request has either alternative windows or one weekly rule for a recurring need.",
                "Eine Anfrage hat entweder alternative Zeitfenster oder eine Wochenregel für einen wiederkehrenden Bedarf.").ToString());
        }
    }

    public static void CheckTerms<T>(TermsDto terms, ListingKind kind, ValidationContext<T> context)
    {
        if (terms.MaxBudgetEur is not null && !KindRules.TakesBudget(kind))
        {
            context.AddFailure("terms.maxBudgetEur", new UserText("Only requests have a budget.", "Nur Anfragen haben ein Budget.").ToString());
        }
    }

    public static ListingDetails ToDomain(ListingDetailsDto details) => new(
        details.Capacity, details.Attendees, details.AreaM2, details.Features, details.LanguagePairs?.Select(p => new LanguagePair(
            LanguageTags.Normalize(p?.From) ?? p?.From ?? "", LanguageTags.Normalize(p?.To) ?? p?.To ?? "", p?.OneWay ?? false)).ToList(),
        details.Modes, details.Delivery, details.ItemType, details.ItemTag, details.Quantity, details.Seats, details.CargoVolumeM3, details.DriverIncluded, details.Topics, details.Text);

    /// <summary>The details as stored: language tags canonical, lists without duplicates.</summary>
    public static ListingDetailsDto Normalize(ListingDetailsDto details) => details with
    {
        Features = details.Features?.Distinct().ToArray(),
        Modes = details.Modes?.Distinct().ToArray(),
        Delivery = details.Delivery?.Distinct().ToArray(),
        Topics = details.Topics?.Distinct().ToArray(),
        LanguagePairs = details.LanguagePairs?.Select(p => new LanguagePairDto(LanguageTags.Normalize(p.From), LanguageTags.Normalize(p.To), p.OneWay ?? false)).ToArray(),
        ItemType = details.ItemType?.Trim(),
        Text = details.Text?.Trim(),
    };
}

public sealed class CreateListingRequestValidator : AbstractValidator<CreateListingRequest>
{
    public CreateListingRequestValidator(TimeProvider time)
    {
        RuleFor(x => x.Kind).NotNull().IsInEnum();
        RuleFor(x => x.Category).NotNull().IsInEnum();
        RuleFor(x => x.Title).NotEmpty().MaximumLength(ListingRules.TitleMaxLength);
        RuleFor(x => x.Description).MaximumLength(ListingRules.DescriptionMaxLength);
        RuleFor(x => x.ContentLanguage).NotEmpty().ValidLanguageTag();
        RuleFor(x => x.Details).NotNull().SetValidator(new ListingDetailsDtoValidator()!);
        RuleFor(x => x.Place).NotNull().SetValidator(new PlaceDtoValidator()!);
        RuleFor(x => x.Schedule).NotNull().SetValidator(new ScheduleDtoValidator()!);
        RuleFor(x => x.Terms).NotNull().SetValidator(new TermsDtoValidator()!);
        RuleFor(x => x.ValidUntil).ValidUntil(time);
        RuleFor(x => x).Custom((r, context) =>
        {
            if (r.Kind is not { } kind || !Enum.IsDefined(kind))
            {
                return;
            }

            if (r.Details is not null && r.Category is { } category && Enum.IsDefined(category))
            {
                ListingParts.CheckDetails(r.Details, category, kind, context);
            }

            if (r.Place is not null)
            {
                ListingParts.CheckPlace(r.Place, kind, context);
            }

            if (r.Schedule is not null)
            {
                ListingParts.CheckSchedule(r.Schedule, kind, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), context);
            }

            if (r.Terms is not null)
            {
                ListingParts.CheckTerms(r.Terms, kind, context);
            }
        });
    }
}

/// <summary>
/// The shape of a change; the listing it yields is then checked whole with
/// <see cref="CreateListingRequestValidator"/>, since the category rules need kind and category.
/// </summary>
public sealed class UpdateListingRequestValidator : AbstractValidator<UpdateListingRequest>
{
    public UpdateListingRequestValidator(TimeProvider time)
    {
        RuleFor(x => x.Title).MaximumLength(ListingRules.TitleMaxLength);
        RuleFor(x => x.Title).NotEmpty().When(x => x.Title is not null);
        RuleFor(x => x.Description).MaximumLength(ListingRules.DescriptionMaxLength);
        RuleFor(x => x.ContentLanguage).ValidLanguageTag();
        RuleFor(x => x.Details).SetValidator(new ListingDetailsDtoValidator()!);
        RuleFor(x => x.Place).SetValidator(new PlaceDtoValidator()!);
        RuleFor(x => x.Schedule).SetValidator(new ScheduleDtoValidator()!);
        RuleFor(x => x.Terms).SetValidator(new TermsDtoValidator()!);
        RuleFor(x => x.ValidUntil).ValidUntil(time);
    }
}

public sealed class CloseListingRequestValidator : AbstractValidator<CloseListingRequest>
{
    public CloseListingRequestValidator() => RuleFor(x => x.Reason).NotNull().IsInEnum();
}

internal static class ValidUntilRule
{
    public static IRuleBuilderOptions<T, DateTimeOffset?> ValidUntil<T>(this IRuleBuilder<T, DateTimeOffset?> rule, TimeProvider time) =>
        rule.Must(v => v is null || (v > time.GetUtcNow() && v <= time.GetUtcNow().AddDays(ListingRules.MaxValidDays)))
            .WithMessage(_ => new UserText($"A time in the future, at most {ListingRules.MaxValidDays} days ahead.",
                $"Ein Zeitpunkt in der Zukunft, höchstens {ListingRules.MaxValidDays} Tage voraus.").ToString());
}
