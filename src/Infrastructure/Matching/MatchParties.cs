using System.Text.Json;
using System.Text.Json.Serialization;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matching;

namespace ResourceShare.Infrastructure.Matching;

/// <summary>Listings as the hard constraints compare them (<see cref="MatchParty"/>): the columns, and how they become one.</summary>
internal static partial class MatchParties
{
    /// <summary>The columns of <see cref="PartyRow"/> for a listing <c>l</c> joined with <see cref="Windows"/> as <c>w</c>.</summary>
    public const string Columns = """
        l.id, l.association_id, l.kind, l.category, l.latitude, l.longitude, l.service_radius_km, l.max_distance_km, l.remote_ok,
        l.size, l.details::text AS details, l.terms, l.cost_eur, l.max_budget_eur, l.recurring, w.slots, w.starts, w.ends
        """;

    /// <summary>A listing's windows in slot order.</summary>
    public const string Windows = """
        CROSS JOIN LATERAL (SELECT array_agg(lw.slot ORDER BY lw.slot) AS slots, array_agg(lower(lw.during) ORDER BY lw.slot) AS starts,
                                   array_agg(upper(lw.during) ORDER BY lw.slot) AS ends
                              FROM listing_window lw WHERE lw.listing_id = l.id) w
        """;

    /// <summary>Published listings: the only ones that have match candidates.</summary>
    public const string Active = "l.status = 'published'";

    public static ListingDetails Details(string json) => JsonSerializer.Deserialize(json, DetailsJson.Default.ListingDetails)!;

    public static IReadOnlyList<SlotWindow> WindowsOf(int[]? slots, DateTime[]? starts, DateTime[]? ends) =>
        slots is null ? [] : slots.Select((slot, i) => new SlotWindow(slot, new TimeWindow(Utc(starts![i]), Utc(ends![i])))).ToList();

    public static DateTimeOffset Utc(DateTime instant) => new(DateTime.SpecifyKind(instant, DateTimeKind.Utc));

    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(ListingDetails))]
    private sealed partial class DetailsJson : JsonSerializerContext;
}

/// <summary>One row of <see cref="MatchParties.Columns"/>; a class, since Dapper's constructor matching does not take the array columns.</summary>
internal class PartyRow
{
    public Guid Id { get; init; }
    public Guid AssociationId { get; init; }
    public ListingKind Kind { get; init; }
    public ListingCategory Category { get; init; }
    public double Latitude { get; init; }
    public double Longitude { get; init; }
    public decimal? ServiceRadiusKm { get; init; }
    public decimal? MaxDistanceKm { get; init; }
    public bool RemoteOk { get; init; }
    public int? Size { get; init; }
    public string Details { get; init; } = "{}";
    public TermsKind Terms { get; init; }
    public decimal? CostEur { get; init; }
    public decimal? MaxBudgetEur { get; init; }
    public bool Recurring { get; init; }
    public int[]? Slots { get; init; }
    public DateTime[]? Starts { get; init; }
    public DateTime[]? Ends { get; init; }

    public MatchParty ToParty() => new(
        Id, AssociationId, Kind, Category, Latitude, Longitude, ServiceRadiusKm, MaxDistanceKm, RemoteOk, Size,
        MatchParties.Details(Details), Terms, CostEur, MaxBudgetEur, Recurring, MatchParties.WindowsOf(Slots, Starts, Ends));
}
