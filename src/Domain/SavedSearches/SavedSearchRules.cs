namespace ResourceShare.Domain.SavedSearches;

/// <summary>Where the listings a saved search finds are sent.</summary>
public enum SavedSearchChannel
{
    /// <summary>Mailed to the member who saved the search.</summary>
    Email,

    /// <summary>Delivered to the association's webhook endpoints that chose saved_search_matched.</summary>
    Webhook,
}

/// <summary>How often the listings a saved search finds are sent: each find at once, or collected per day or week.</summary>
public enum SavedSearchRhythm
{
    Immediately,
    Daily,
    Weekly,
}

public static class SavedSearchRules
{
    public const int NameMaxLength = 100;

    /// <summary>
    /// The most searches one member keeps in one association: every new listing is matched against every search,
    /// so one account must not make that work grow without bound.
    /// </summary>
    public const int MaxPerMember = 25;

    /// <summary>The period a search collects for before it sends; none for searches that send at once.</summary>
    public static TimeSpan Period(SavedSearchRhythm rhythm) => rhythm switch
    {
        SavedSearchRhythm.Immediately => TimeSpan.Zero,
        SavedSearchRhythm.Daily => TimeSpan.FromDays(1),
        SavedSearchRhythm.Weekly => TimeSpan.FromDays(7),
    };
}
