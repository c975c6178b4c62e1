using ResourceShare.Domain.Associations;
using ResourceShare.Infrastructure.Accounts;
using ResourceShare.Infrastructure.Associations;

namespace ResourceShare.Api.Associations;

public sealed record RegisterEntryResponse(string Court, string Number);

/// <summary>The feedback the association has received: the average rating (1–5, one decimal; null without any) and how many.</summary>
public sealed record RatingResponse(decimal? Average, long Count);

/// <summary>
/// An association's profile. contactEmail and members are present only for its members, its API keys and
/// moderators; everybody else sees them as null. rating and completedMatches (matches completed on either side)
/// are the public trust figures.
/// </summary>
public sealed record AssociationResponse(
    Guid Id, string Name, string LegalForm, RegisterEntryResponse? RegisterEntry, string PostalCode, string City,
    string Description, IReadOnlyList<string> Languages, string? Website, VerificationStatus VerificationStatus,
    RatingResponse Rating, long CompletedMatches, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? ContactEmail,
    IReadOnlyList<MemberResponse>? Members)
{
    public static AssociationResponse From(AssociationRow association, IReadOnlyList<MemberRow>? members = null) => new(
        association.Id, association.Name, association.LegalForm,
        association.RegisterCourt is not null && association.RegisterNumber is not null ? new RegisterEntryResponse(association.RegisterCourt, association.RegisterNumber) : null,
        association.PostalCode, association.City, association.Description, association.Languages, association.Website, association.VerificationStatus,
        new RatingResponse(association.RatingAverage, association.RatingCount), association.CompletedMatches, association.CreatedAt, association.UpdatedAt,
        association.ContactEmail, members?.Select(MemberResponse.From).ToList());
}

public sealed record AssociationSummaryResponse(
    Guid Id, string Name, string LegalForm, string PostalCode, string City, IReadOnlyList<string> Languages,
    string? Website, VerificationStatus VerificationStatus, RatingResponse Rating, long CompletedMatches)
{
    public static AssociationSummaryResponse From(AssociationRow association) =>
        new(association.Id, association.Name, association.LegalForm, association.PostalCode, association.City, association.Languages, association.Website, association.VerificationStatus,
            new RatingResponse(association.RatingAverage, association.RatingCount), association.CompletedMatches);
}

public sealed record AssociationPage(IReadOnlyList<AssociationSummaryResponse> Items, string? NextCursor);

public sealed record MemberResponse(Guid UserId, string DisplayName, string Email, MembershipRole Role, DateTimeOffset JoinedAt)
{
    public static MemberResponse From(MemberRow member) => new(member.UserId, member.DisplayName, member.Email, member.Role, member.JoinedAt);
}

public sealed record MemberListResponse(IReadOnlyList<MemberResponse> Items);

public sealed record ApiKeyResponse(
    Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(ApiKeyRow key) => new(key.Id, key.Name, key.Prefix, key.Scopes, key.CreatedAt, key.LastUsedAt, key.RevokedAt);
}

public sealed record ApiKeyListResponse(IReadOnlyList<ApiKeyResponse> Items);

/// <summary>A new API key: <see cref="Key"/> is shown this once and never stored.</summary>
public sealed record CreatedApiKeyResponse(
    Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string Key);
