using System.Globalization;
using FluentValidation;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Common;
using ResourceShare.Domain.Listings;

namespace ResourceShare.Api.Listings;

/// <summary>The shape rules of a listing's parts, shared by create and update.</summary>
public static class ListingParts
{
    public static readonly IReadOnlyDictionary<string, DayOfWeek> Days = Enum.GetValues<DayOfWeek>()
        .ToDictionary(d => d.ToString().ToLowerInvariant());

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    private static readonly Msg NotForCategory = new("Not a field of this category; see GET /api/v1/categories.", "Kein Feld dieser Kategorie; siehe GET /api/v1/categories.");
    private static readonly Msg Required = new("Required for this category.", "Für diese Kategorie erforderlich.");
    private static readonly Msg UnknownValue = new("Unknown value; allowed: {0}.", "Unbekannter Wert; erlaubt: {0}.");
    private static readonly Msg OutOfRange = new("Must be between {0} and {1}.", "Muss zwischen {0} und {1} liegen.");
    private static readonly Msg TooMany = new("At most {0} entries.", "Höchstens {0} Einträge.");
    private static readonly Msg BadTag = new("Lower-case letters, digits and underscores, e.g. grant_writing.", "Kleinbuchstaben, Ziffern und Unterstriche, z. B. grant_writing.");
    private static readonly Msg BadLanguage = new("Not a known BCP 47 language tag (e.g. de, ar, ti, prs).", "Kein bekanntes BCP-47-Sprachkürzel (z. B. de, ar, ti, prs).");
    private static readonly Msg SameLanguage = new("A pair needs two different languages.", "Ein Paar braucht zwei verschiedene Sprachen.");
    private static readonly Msg TooLong = new("At most {0} characters.", "Höchstens {0} Zeichen.");

    /// <summary>Checks details against the category and kind; adds failures named details.field.</summary>
    public static void CheckDetails<T>(ListingDetailsDto d, ListingCategory category, ListingKind kind, ValidationContext<T> context)
    {
        var allowed = CategoryFields.For(category, kind);
        var present = CategoryFields.Present(ToDomain(d)).ToList();
        foreach (var field in present.Except(allowed))
        {
            context.AddFailure("details." + field, NotForCategory.ToString());
        }

        var filled = CategoryFields.Present(ToDomain(WithoutEmpty(d)));
        foreach (var field in CategoryFields.RequiredFor(category, kind).Except(filled))
        {
            context.AddFailure("details." + field, Required.ToString());
        }

        Range(context, "details.capacity", d.Capacity, 1, CategoryFields.MaxCapacity);
        Range(context, "details.attendees", d.Attendees, 1, CategoryFields.MaxCapacity);
        Range(context, "details.areaM2", d.AreaM2, 1, CategoryFields.MaxAreaM2);
        Range(context, "details.quantity", d.Quantity, 1, CategoryFields.MaxQuantity);
        Range(context, "details.seats", d.Seats, 1, CategoryFields.MaxSeats);
        Range(context, "details.cargoVolumeM3", d.CargoVolumeM3, 0, CategoryFields.MaxCargoVolumeM3);
        Vocabulary(context, "details.features", d.Features, CategoryFields.RoomFeatures);
        Vocabulary(context, "details.modes", d.Modes, CategoryFields.InterpretingModes);
        Vocabulary(context, "details.delivery", d.Delivery, CategoryFields.DeliveryModes);
        Text(context, "details.itemType", d.ItemType, CategoryFields.MaxTextLength);
        Text(context, "details.text", d.Text, ListingRules.DescriptionMaxLength);
        if (d.ItemTag is not null && !System.Text.RegularExpressions.Regex.IsMatch(d.ItemTag, CategoryFields.TagPattern))
        {
            context.AddFailure("details.itemTag", BadTag.ToString());
        }

        if (d.Topics is not null)
        {
            Count(context, "details.topics", d.Topics.Length);
            for (var i = 0; i < d.Topics.Length; i++)
            {
                if (d.Topics[i] is null || !System.Text.RegularExpressions.Regex.IsMatch(d.Topics[i], CategoryFields.TagPattern))
                {
                    context.AddFailure($"details.topics[{i}]", BadTag.ToString());
                }
            }
        }

        if (d.LanguagePairs is not null)
        {
            Count(context, "details.languagePairs", d.LanguagePairs.Length);
            for (var i = 0; i < d.LanguagePairs.Length; i++)
            {
                var pair = d.LanguagePairs[i];
                var from = LanguageTags.Normalize(pair?.From);
                var to = LanguageTags.Normalize(pair?.To);
                if (from is null)
                {
                    context.AddFailure($"details.languagePairs[{i}].from", BadLanguage.ToString());
                }

                if (to is null)
                {
                    context.AddFailure($"details.languagePairs[{i}].to", BadLanguage.ToString());
                }

                if (from is not null && from == to)
                {
                    context.AddFailure($"details.languagePairs[{i}].to", SameLanguage.ToString());
                }
            }
        }
    }

    /// <summary>The details with empty lists and blank texts left out: they do not fill a required field.</summary>
    private static ListingDetailsDto WithoutEmpty(ListingDetailsDto d) => d with
    {
        Features = d.Features is { Length: 0 } ? null : d.Features,
        LanguagePairs = d.LanguagePairs is { Length: 0 } ? null : d.LanguagePairs,
        Modes = d.Modes is { Length: 0 } ? null : d.Modes,
        Delivery = d.Delivery is { Length: 0 } ? null : d.Delivery,
        Topics = d.Topics is { Length: 0 } ? null : d.Topics,
        ItemType = string.IsNullOrWhiteSpace(d.ItemType) ? null : d.ItemType,
        ItemTag = string.IsNullOrWhiteSpace(d.ItemTag) ? null : d.ItemTag,
        Text = string.IsNullOrWhiteSpace(d.Text) ? null : d.Text,
    };

    public static ListingDetails ToDomain(ListingDetailsDto d) => new(
        d.Capacity, d.Attendees, d.AreaM2, d.Features, d.LanguagePairs?.Select(p => new LanguagePair(
            LanguageTags.Normalize(p?.From) ?? p?.From ?? "", LanguageTags.Normalize(p?.To) ?? p?.To ?? "", p?.OneWay ?? false)).ToList(),
        d.Modes, d.Delivery, d.ItemType, d.ItemTag, d.Quantity, d.Seats, d.CargoVolumeM3, d.DriverIncluded, d.Topics, d.Text);

    /// <summary>The details as stored: language tags canonical, lists without duplicates.</summary>
    public static ListingDetailsDto Normalize(ListingDetailsDto d) => d with
    {
        Features = d.Features?.Distinct().ToArray(),
        Modes = d.Modes?.Distinct().ToArray(),
        Delivery = d.Delivery?.Distinct().ToArray(),
        Topics = d.Topics?.Distinct().ToArray(),
        LanguagePairs = d.LanguagePairs?.Select(p => new LanguagePairDto(LanguageTags.Normalize(p.From), LanguageTags.Normalize(p.To), p.OneWay ?? false)).ToArray(),
        ItemType = d.ItemType?.Trim(),
        Text = d.Text?.Trim(),
    };

    public static void CheckPlace<T>(PlaceDto p, ListingKind kind, ValidationContext<T> context)
    {
        if (p.PostalCode is null || !AssociationRules.IsPostalCode(p.PostalCode))
        {
            context.AddFailure("place.postalCode", new Msg("A German postal code has five digits.", "Eine deutsche Postleitzahl hat fünf Ziffern.").ToString());
        }

        if (string.IsNullOrWhiteSpace(p.City))
        {
            context.AddFailure("place.city", new Msg("Required.", "Erforderlich.").ToString());
        }

        Text(context, "place.city", p.City, ListingRules.CityMaxLength);
        Text(context, "place.streetAddress", p.StreetAddress, ListingRules.StreetAddressMaxLength);
        if ((p.Latitude is null) != (p.Longitude is null))
        {
            context.AddFailure("place.longitude", new Msg("Give latitude and longitude together, or neither.", "Geben Sie Breite und Länge zusammen an oder keines von beiden.").ToString());
        }

        Range(context, "place.latitude", p.Latitude, -90, 90);
        Range(context, "place.longitude", p.Longitude, -180, 180);
        Range(context, "place.serviceRadiusKm", p.ServiceRadiusKm, 0, ListingRules.MaxRadiusKm);
        Range(context, "place.maxDistanceKm", p.MaxDistanceKm, 0, ListingRules.MaxRadiusKm);
        if (kind == ListingKind.Request && p.ServiceRadiusKm is not null)
        {
            context.AddFailure("place.serviceRadiusKm", new Msg("Only offers have a service radius; a request has maxDistanceKm.", "Nur Angebote haben einen Einsatzradius; eine Anfrage hat maxDistanceKm.").ToString());
        }

        if (kind == ListingKind.Offer && p.MaxDistanceKm is not null)
        {
            context.AddFailure("place.maxDistanceKm", new Msg("Only requests have maxDistanceKm; an offer has serviceRadiusKm.", "Nur Anfragen haben maxDistanceKm; ein Angebot hat serviceRadiusKm.").ToString());
        }
    }

    /// <summary>Checks the shape of a schedule; <paramref name="today"/> bounds how far weekly rules may reach.</summary>
    public static void CheckSchedule<T>(ScheduleDto s, ListingKind kind, DateOnly today, ValidationContext<T> context)
    {
        var windows = s.Windows ?? [];
        var weekly = s.Weekly ?? [];
        if (windows.Length == 0 && weekly.Length == 0)
        {
            context.AddFailure("schedule", new Msg("Give at least one window or weekly rule.", "Geben Sie mindestens ein Zeitfenster oder eine Wochenregel an.").ToString());
        }

        if (kind == ListingKind.Request && weekly.Length > 0 && (windows.Length > 0 || weekly.Length > 1))
        {
            context.AddFailure("schedule.weekly", new Msg(
                "A request has either alternative windows or one weekly rule for a recurring need.",
                "Eine Anfrage hat entweder alternative Zeitfenster oder eine Wochenregel für einen wiederkehrenden Bedarf.").ToString());
        }

        Count(context, "schedule.windows", windows.Length, Schedules.MaxWindows);
        Count(context, "schedule.weekly", weekly.Length, Schedules.MaxRules);
        for (var i = 0; i < windows.Length; i++)
        {
            if (windows[i]?.Start is null)
            {
                context.AddFailure($"schedule.windows[{i}].start", Required.ToString());
            }

            if (windows[i]?.End is null)
            {
                context.AddFailure($"schedule.windows[{i}].end", Required.ToString());
            }
        }

        for (var i = 0; i < weekly.Length; i++)
        {
            var rule = weekly[i];
            var at = $"schedule.weekly[{i}]";
            if (rule?.Days is not { Length: > 0 } days || days.Any(d => d is null || !Days.ContainsKey(d)))
            {
                context.AddFailure(at + ".days", UnknownValue.Format(string.Join(", ", Days.Keys)));
            }

            if (!TryParseTime(rule?.From, out _))
            {
                context.AddFailure(at + ".from", new Msg("A time as HH:mm, e.g. 18:00.", "Eine Uhrzeit als HH:mm, z. B. 18:00.").ToString());
            }

            if (!TryParseTime(rule?.To, out _))
            {
                context.AddFailure(at + ".to", new Msg("A time as HH:mm, e.g. 21:00.", "Eine Uhrzeit als HH:mm, z. B. 21:00.").ToString());
            }

            if (rule?.StartDate is null)
            {
                context.AddFailure(at + ".startDate", Required.ToString());
            }

            if (rule?.EndDate is null)
            {
                context.AddFailure(at + ".endDate", Required.ToString());
            }
            else if (rule.StartDate is { } start && rule.EndDate < start)
            {
                context.AddFailure(at + ".endDate", new Msg("Ends before it starts.", "Endet, bevor es beginnt.").ToString());
            }
            else if (rule.EndDate > today.AddDays(Schedules.MaxHorizonDays)
                     || (rule.StartDate is { } first && rule.EndDate.Value.DayNumber - first.DayNumber > Schedules.MaxHorizonDays))
            {
                // Checked before expansion, which walks every day of the rule.
                context.AddFailure(at + ".endDate", new Msg($"A weekly rule may last at most {Schedules.MaxHorizonDays} days and reach at most as far ahead.",
                    $"Eine Wochenregel darf höchstens {Schedules.MaxHorizonDays} Tage dauern und höchstens so weit vorausreichen.").ToString());
            }
        }
    }

    public static void CheckTerms<T>(TermsDto t, ListingKind kind, ValidationContext<T> context)
    {
        if (t.Kind is null || !Enum.IsDefined(t.Kind.Value))
        {
            context.AddFailure("terms.kind", Required.ToString());
            return;
        }

        Money(context, "terms.costEur", t.CostEur);
        Money(context, "terms.maxBudgetEur", t.MaxBudgetEur);
        Text(context, "terms.exchangeFor", t.ExchangeFor, ListingRules.ExchangeMaxLength);
        if (t.Kind == TermsKind.CostSharing && t.CostEur is null)
        {
            context.AddFailure("terms.costEur", new Msg("Cost sharing needs an amount in EUR.", "Kostenbeteiligung braucht einen Betrag in EUR.").ToString());
        }

        if (t.Kind != TermsKind.CostSharing && t.CostEur is not null)
        {
            context.AddFailure("terms.costEur", new Msg("Only cost_sharing has an amount.", "Nur cost_sharing hat einen Betrag.").ToString());
        }

        if (t.Kind == TermsKind.Exchange && string.IsNullOrWhiteSpace(t.ExchangeFor))
        {
            context.AddFailure("terms.exchangeFor", new Msg("Say what you would like in exchange.", "Sagen Sie, was Sie im Tausch möchten.").ToString());
        }

        if (kind == ListingKind.Offer && t.MaxBudgetEur is not null)
        {
            context.AddFailure("terms.maxBudgetEur", new Msg("Only requests have a budget.", "Nur Anfragen haben ein Budget.").ToString());
        }
    }

    private static void Money<T>(ValidationContext<T> context, string field, decimal? amount)
    {
        if (amount is null)
        {
            return;
        }

        if (amount < 0 || amount > ListingRules.MaxCostEur || decimal.Round(amount.Value, 2) != amount)
        {
            context.AddFailure(field, new Msg($"An amount from 0 to {ListingRules.MaxCostEur} EUR with at most two decimals.",
                $"Ein Betrag von 0 bis {ListingRules.MaxCostEur} EUR mit höchstens zwei Nachkommastellen.").ToString());
        }
    }

    private static void Range<T, TValue>(ValidationContext<T> context, string field, TValue? value, TValue min, TValue max)
        where TValue : struct, IComparable<TValue>
    {
        if (value is { } v && (v.CompareTo(min) < 0 || v.CompareTo(max) > 0))
        {
            context.AddFailure(field, OutOfRange.Format(min, max));
        }
    }

    private static void Vocabulary<T>(ValidationContext<T> context, string field, string[]? values, IReadOnlyList<string> allowed)
    {
        if (values is null)
        {
            return;
        }

        Count(context, field, values.Length);
        if (values.Any(v => v is null || !allowed.Contains(v)))
        {
            context.AddFailure(field, UnknownValue.Format(string.Join(", ", allowed)));
        }
    }

    private static void Text<T>(ValidationContext<T> context, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            context.AddFailure(field, TooLong.Format(max));
        }
    }

    private static void Count<T>(ValidationContext<T> context, string field, int count, int max = CategoryFields.MaxListItems)
    {
        if (count > max)
        {
            context.AddFailure(field, TooMany.Format(max));
        }
    }
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
        RuleFor(x => x.Details).NotNull();
        RuleFor(x => x.Place).NotNull();
        RuleFor(x => x.Schedule).NotNull();
        RuleFor(x => x.Terms).NotNull();
        RuleFor(x => x.ValidUntil).Must(v => v is null || (v > time.GetUtcNow() && v <= time.GetUtcNow().AddDays(ListingRules.MaxValidDays)))
            .WithMessage(_ => new Msg($"A time in the future, at most {ListingRules.MaxValidDays} days ahead.",
                $"Ein Zeitpunkt in der Zukunft, höchstens {ListingRules.MaxValidDays} Tage voraus.").ToString());
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

public sealed class UpdateListingRequestValidator : AbstractValidator<UpdateListingRequest>
{
    public UpdateListingRequestValidator(TimeProvider time)
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(ListingRules.TitleMaxLength).When(x => x.Title is not null);
        RuleFor(x => x.Description).MaximumLength(ListingRules.DescriptionMaxLength);
        RuleFor(x => x.ContentLanguage).ValidLanguageTag();
        RuleFor(x => x.ValidUntil).Must(v => v is null || (v > time.GetUtcNow() && v <= time.GetUtcNow().AddDays(ListingRules.MaxValidDays)))
            .WithMessage(_ => new Msg($"A time in the future, at most {ListingRules.MaxValidDays} days ahead.",
                $"Ein Zeitpunkt in der Zukunft, höchstens {ListingRules.MaxValidDays} Tage voraus.").ToString());
    }
}

public sealed class CloseListingRequestValidator : AbstractValidator<CloseListingRequest>
{
    public CloseListingRequestValidator() => RuleFor(x => x.Reason).NotNull().IsInEnum();
}
