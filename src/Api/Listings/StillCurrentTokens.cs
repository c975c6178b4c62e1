using System.Globalization;
using ResourceShare.Api.Auth;

namespace ResourceShare.Api.Listings;

/// <summary>What a "still current" link of an expiry reminder names: the listing, and the validUntil the reminder told of.</summary>
public sealed record StillCurrentScope(Guid ListingId, DateTimeOffset RemindedValidUntil);

/// <summary>
/// The token of a reminder's "still current" link: <c>{listing id}.{validUntil in Unix seconds}</c>, signed
/// (<see cref="SignedLinks"/>). The date binds the link to its reminder: once the listing is extended (or its date
/// changed otherwise), the link has done its work, and only the next reminder brings a new one.
/// </summary>
public sealed class StillCurrentTokens(SignedLinks links)
{
    public const int MaxLength = 120;

    private readonly SignedLinks.Signer signer = links.For("resourceshare listing still current");

    public string For(StillCurrentScope scope) =>
        signer.Sign(string.Create(CultureInfo.InvariantCulture, $"{scope.ListingId:N}.{scope.RemindedValidUntil.ToUnixTimeSeconds()}"));

    /// <summary>The scope of a genuine token, or null for anything else.</summary>
    public StillCurrentScope? Read(string? token)
    {
        var parts = (signer.Open(token) ?? "").Split('.');
        return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var listingId)
               && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
               && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? new StillCurrentScope(listingId, DateTimeOffset.FromUnixTimeSeconds(seconds))
            : null;
    }
}
