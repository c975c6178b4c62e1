using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Common;

namespace ResourceShare.Api.Associations;

/// <summary>The profile fields that creating and updating an association share.</summary>
public interface IAssociationFields
{
    string? Name { get; }
    string? LegalForm { get; }
    string? RegisterCourt { get; }
    string? RegisterNumber { get; }
    string? PostalCode { get; }
    string? City { get; }
    string? Description { get; }
    string[]? Languages { get; }
    string? Website { get; }
    string? ContactEmail { get; }
}

public sealed record CreateAssociationRequest(
    string? Name, string? LegalForm, string? RegisterCourt, string? RegisterNumber, string? PostalCode, string? City,
    string? Description, string[]? Languages, string? Website, string? ContactEmail) : IAssociationFields;

/// <summary>Fields left out (or null) stay as they are; "" clears registerCourt/registerNumber, website and contactEmail.</summary>
public sealed record UpdateAssociationRequest(
    string? Name, string? LegalForm, string? RegisterCourt, string? RegisterNumber, string? PostalCode, string? City,
    string? Description, string[]? Languages, string? Website, string? ContactEmail) : IAssociationFields;

public sealed record DirectoryQuery(
    [property: FromQuery(Name = "q")] string? Q,
    [property: FromQuery(Name = "city")] string? City,
    [property: FromQuery(Name = "language")] string? Language,
    [property: FromQuery(Name = "verified")] bool? Verified,
    [property: FromQuery(Name = "limit")] int? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxCursorLength = 500;
}

public sealed record AddMemberRequest(string? Email, MembershipRole? Role);

public sealed record ChangeMemberRoleRequest(MembershipRole? Role);

public sealed record CreateApiKeyRequest(string? Name, string[]? Scopes);

public abstract class AssociationFieldsValidator<T> : AbstractValidator<T> where T : IAssociationFields
{
    protected AssociationFieldsValidator(bool creating)
    {
        Required(RuleFor(x => x.Name), creating).MaximumLength(AssociationRules.NameMaxLength);
        Required(RuleFor(x => x.LegalForm), creating).MaximumLength(AssociationRules.LegalFormMaxLength);
        Required(RuleFor(x => x.PostalCode), creating).MaximumLength(5).Matches(AssociationRules.PostalCodePattern)
            .WithMessage(_ => new UserText("A German postal code has five digits.", "Eine deutsche Postleitzahl hat fünf Ziffern.").ToString());
        Required(RuleFor(x => x.City), creating).MaximumLength(AssociationRules.CityMaxLength);
        RuleFor(x => x.Description).MaximumLength(AssociationRules.DescriptionMaxLength);
        RuleFor(x => x.RegisterCourt).MaximumLength(AssociationRules.RegisterCourtMaxLength)
            .Must(c => string.IsNullOrEmpty(c) || AssociationRules.IsRegisterCourt(c))
            .WithMessage(_ => new UserText("Name the register court as \"Amtsgericht <place>\".", "Nennen Sie das Registergericht als „Amtsgericht <Ort>“.").ToString());
        RuleFor(x => x.RegisterNumber).MaximumLength(AssociationRules.RegisterNumberMaxLength)
            .Must(n => string.IsNullOrEmpty(n) || AssociationRules.IsRegisterNumber(n))
            .WithMessage(_ => new UserText("A register number looks like \"VR 12345\" (VR, HRB, HRA, GnR or PR and up to six digits).",
                "Eine Registernummer sieht aus wie „VR 12345“ (VR, HRB, HRA, GnR oder PR und bis zu sechs Ziffern).").ToString())
            .Must((request, n) => string.IsNullOrEmpty(request.RegisterCourt) == string.IsNullOrEmpty(n)
                                  && (request.RegisterCourt is null) == (n is null))
            .WithMessage(_ => new UserText("Give the register court and number together, or neither.",
                "Geben Sie Registergericht und -nummer zusammen an oder keines von beiden.").ToString());
        RuleFor(x => x.Languages).ItemCount(0, AssociationRules.MaxLanguages);
        RuleForEach(x => x.Languages).ValidLanguageTag();
        RuleFor(x => x.Website).MaximumLength(AssociationRules.WebsiteMaxLength)
            .Must(w => string.IsNullOrEmpty(w) || IsWebAddress(w))
            .WithMessage(_ => new UserText("An absolute http(s) address, e.g. https://example.org.", "Eine vollständige http(s)-Adresse, z. B. https://example.org.").ToString());
        RuleFor(x => x.ContactEmail).MaximumLength(AssociationRules.EmailMaxLength);
        RuleFor(x => x.ContactEmail).EmailAddress().When(x => !string.IsNullOrEmpty(x.ContactEmail));
    }

    private static IRuleBuilderOptions<T, string?> Required(IRuleBuilderInitial<T, string?> rule, bool creating) =>
        creating
            ? rule.NotEmpty()
            : rule.Must(value => value is null || value.Trim().Length > 0)
                .WithMessage(_ => new UserText("Must not be empty.", "Darf nicht leer sein.").ToString());

    private static bool IsWebAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Contains('.');
}

public sealed class CreateAssociationRequestValidator() : AssociationFieldsValidator<CreateAssociationRequest>(creating: true);

public sealed class UpdateAssociationRequestValidator() : AssociationFieldsValidator<UpdateAssociationRequest>(creating: false);

public sealed class DirectoryQueryValidator : AbstractValidator<DirectoryQuery>
{
    public DirectoryQueryValidator()
    {
        RuleFor(x => x.Q).MaximumLength(AssociationRules.NameMaxLength);
        RuleFor(x => x.City).MaximumLength(AssociationRules.CityMaxLength);
        RuleFor(x => x.Language).ValidLanguageTag();
        RuleFor(x => x.Limit).InclusiveBetween(1, DirectoryQuery.MaxLimit);
        RuleFor(x => x.Cursor).MaximumLength(DirectoryQuery.MaxCursorLength);
    }
}

public sealed class AddMemberRequestValidator : AbstractValidator<AddMemberRequest>
{
    public AddMemberRequestValidator()
    {
        RuleFor(x => x.Email).ValidEmail();
        RuleFor(x => x.Role).NotNull().IsInEnum();
    }
}

public sealed class ChangeMemberRoleRequestValidator : AbstractValidator<ChangeMemberRoleRequest>
{
    public ChangeMemberRoleRequestValidator() => RuleFor(x => x.Role).NotNull().IsInEnum();
}

public sealed class CreateApiKeyRequestValidator : AbstractValidator<CreateApiKeyRequest>
{
    public CreateApiKeyRequestValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(ApiKeyScope.MaxNameLength);
        RuleFor(x => x.Scopes).NotEmpty().ItemCount(1, ApiKeyScope.All.Count).Must(s => s is null || s.Distinct().Count() == s.Length)
            .WithMessage(_ => new UserText("Each scope at most once.", "Jeder Geltungsbereich höchstens einmal.").ToString());
        RuleForEach(x => x.Scopes).AllowedValues(ApiKeyScope.All);
    }
}
