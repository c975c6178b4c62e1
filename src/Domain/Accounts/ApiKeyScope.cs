namespace ResourceShare.Domain.Accounts;

/// <summary>What an integrator's API key may do for its association.</summary>
public static class ApiKeyScope
{
    public const string ListingsRead = "listings:read";
    public const string ListingsWrite = "listings:write";
    public const string MatchesWrite = "matches:write";
    public const string WebhooksWrite = "webhooks:write";

    public static IReadOnlyList<string> All { get; } = [ListingsRead, ListingsWrite, MatchesWrite, WebhooksWrite];

    public const int MaxNameLength = 100;
}
