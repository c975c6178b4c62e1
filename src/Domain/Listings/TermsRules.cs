namespace ResourceShare.Domain.Listings;

/// <summary>What each kind of terms asks for: free asks nothing, cost sharing an amount, exchange what in return.</summary>
public static class TermsRules
{
    /// <summary>Cost sharing needs an amount in EUR, and only cost sharing has one.</summary>
    public static bool HasAmount(TermsKind kind) => kind == TermsKind.CostSharing;

    /// <summary>An exchange says what the provider would like in return.</summary>
    public static bool NeedsExchangeFor(TermsKind kind) => kind == TermsKind.Exchange;
}
