using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matches;

namespace ResourceShare.Bench.Seed;

/// <summary>One match with its windows; an accepted, completed or cancelled one has a booking per window, numbered from <see cref="FirstBooking"/>.</summary>
public sealed record MatchRow(
    int Number, int Request, int Offer, int Requester, int Provider, int ProposedBy, string Status, int Quantity, bool Exclusive,
    string? Message, string? Reason, int? ClosedBy, IReadOnlyList<Window> Windows, DateTime CreatedAt, DateTime? DecidedAt,
    DateTime UpdatedAt, int Version, long FirstBooking)
{
    public bool Booked => Status is "accepted" or "completed" or "cancelled";
}

/// <summary>
/// The matches: first the two proposal pools of W6, then the bulk of completed, accepted and cancelled matches
/// whose bookings lie inside their offers' availability. An offer's bookings never overlap one another, so unit
/// resources are never double-booked and quantity resources never exceed their units, whatever the quantity.
/// </summary>
public sealed class Matches(int seed, BenchSizes sizes, Listings listings, DateTime today)
{
    private const int BookingStream = 20;
    private const int PoolStream = 21;

    /// <summary>At most this many pool proposals of one hot offer per requesting association (the API allows 10 future bookings).</summary>
    private const int HotPoolPerRequester = 8;

    /// <summary>Each day of an availability period has three bookable parts (local morning, afternoon, evening).</summary>
    private static readonly (int FromMinute, int ToMinute)[] DayParts = [(9 * 60, 12 * 60), (13 * 60, 17 * 60), (18 * 60, 21 * 60 + 30)];

    private static readonly int[] SeriesLengths = [1, 1, 1, 1, 1, 2, 2, 3];

    private readonly Lazy<Dictionary<ListingCategory, int[]>> requests = new(() =>
        Enumerable.Range(1, sizes.Published / 4).Select(m => 4 * m).GroupBy(listings.Category).ToDictionary(g => g.Key, g => g.ToArray()));

    /// <summary>The pool windows follow one another by the hour, far beyond every bulk booking: no accept ever collides.</summary>
    private DateTime PoolWindowStart(int hour) => today.AddDays(400).AddHours(hour);

    public IEnumerable<MatchRow> All() => RandomPool().Concat(HotPool()).Concat(Bulk());

    private IEnumerable<MatchRow> RandomPool()
    {
        for (var i = 0; i < BenchSizes.PoolSize; i++)
        {
            var rng = new Rng(seed, PoolStream, i);
            var offer = sizes.RandomPoolOffer(i);
            var request = PickRequest(ref rng, offer);
            if (request < 0)
            {
                throw new InvalidOperationException($"No request of another association for pool offer {offer}.");
            }

            yield return Proposal(BenchSizes.PoolRandomFirst + i, request, offer, i);
        }
    }

    private IEnumerable<MatchRow> HotPool()
    {
        var rooms = RequestsOf(ListingCategory.Room);
        var perRequester = new Dictionary<(int Offer, int Requester), int>();
        for (var i = 0; i < BenchSizes.PoolSize; i++)
        {
            var offer = BenchSizes.HotOffer(1 + i % BenchSizes.HotOffers);
            var provider = sizes.OwnerOf(offer);
            // Consecutive proposals of one hot offer come from consecutive room requests, so from many associations.
            var start = (i / BenchSizes.HotOffers + 7 * (i % BenchSizes.HotOffers)) % rooms.Length;
            var request = -1;
            for (var step = 0; step < rooms.Length && request < 0; step++)
            {
                var candidate = rooms[(start + step) % rooms.Length];
                var requester = sizes.OwnerOf(candidate);
                if (requester != provider && perRequester.GetValueOrDefault((offer, requester)) < HotPoolPerRequester)
                {
                    request = candidate;
                }
            }

            if (request < 0)
            {
                // Too few associations at this scale to keep within the limit: any other association's request.
                request = rooms.First(r => sizes.OwnerOf(r) != provider);
            }

            perRequester[(offer, sizes.OwnerOf(request))] = perRequester.GetValueOrDefault((offer, sizes.OwnerOf(request))) + 1;
            yield return Proposal(BenchSizes.PoolHotFirst + i, request, offer, BenchSizes.PoolSize + i);
        }
    }

    public IEnumerable<MatchRow> Bulk()
    {
        var offers = sizes.Published - sizes.Published / 4;
        var mean = (double)sizes.Bookings / offers;
        var number = BenchSizes.FirstBulkMatch;
        var booking = 1L;
        for (var offer = 1; offer <= sizes.Published; offer++)
        {
            if (BenchSizes.IsRequest(offer))
            {
                continue;
            }

            var rng = new Rng(seed, BookingStream, offer);
            var windows = listings.Windows(offer);
            var count = (int)(rng.NextDouble() * 2 * mean + 0.5);
            var perWindow = new int[windows.Length];
            for (var b = 0; b < count; b++)
            {
                // Hot offers keep their bookings in the past: the hot pool's requesters may each book 10 future ones.
                perWindow[BenchSizes.IsHot(offer) ? 0 : rng.Next(windows.Length)]++;
            }

            for (var w = 0; w < windows.Length; w++)
            {
                var slots = Slots(ref rng, windows[w], perWindow[w]);
                for (var s = 0; s < slots.Count;)
                {
                    var length = Math.Min(rng.Pick(SeriesLengths), slots.Count - s);
                    var match = Booked(ref rng, number, offer, slots.GetRange(s, length), booking);
                    if (match is not null)
                    {
                        yield return match;
                        number++;
                        booking += length;
                    }

                    s += length;
                }
            }
        }
    }

    /// <summary><paramref name="count"/> distinct day parts of an availability period, in order (fewer if it has fewer).</summary>
    private static List<Window> Slots(ref Rng rng, Window period, int count)
    {
        var days = (int)(period.End - period.Start).TotalDays;
        var capacity = days * DayParts.Length;
        count = Math.Min(count, capacity);
        var slots = new List<Window>(count);
        if (count == 0)
        {
            return slots;
        }

        var stride = capacity / count;
        for (var j = 0; j < count; j++)
        {
            var slot = j * stride + rng.Next(stride);
            var day = period.Start.Date.AddDays(slot / DayParts.Length);
            var (from, to) = DayParts[slot % DayParts.Length];
            slots.Add(new Window(day.AddMinutes(from - 60), day.AddMinutes(to - 60)));
        }

        return slots;
    }

    private MatchRow? Booked(ref Rng rng, int number, int offer, List<Window> windows, long firstBooking)
    {
        var request = PickRequest(ref rng, offer);
        if (request < 0)
        {
            return null;
        }

        var requester = sizes.OwnerOf(request);
        var provider = sizes.OwnerOf(offer);
        var category = listings.Category(offer);
        var past = windows[^1].End <= today;
        var status = past ? "completed" : rng.Chance(0.07) ? "cancelled" : "accepted";
        var created = past ? windows[0].Start.AddSeconds(-rng.Next(3 * 86400, 30 * 86400)) : today.AddSeconds(-rng.Next(2 * 86400, 30 * 86400));
        var decided = created.AddSeconds(rng.Next(3600, 24 * 3600));
        var updated = status switch
        {
            "completed" => windows[^1].End.AddMinutes(1),
            "cancelled" => decided.AddSeconds(rng.Next(3600, 20 * 3600)),
            _ => decided,
        };
        var cancelledBy = rng.Chance(0.5) ? requester : provider;
        return new MatchRow(
            number, request, offer, requester, provider, rng.Chance(0.8) ? requester : provider, status,
            category == ListingCategory.Equipment ? 1 + rng.Next(Math.Min(listings.Units(offer), 3)) : 1, MatchRules.IsExclusive(category),
            rng.Chance(0.5) ? rng.Pick(Vocabulary.MatchMessages) : null,
            status == "cancelled" ? rng.Pick(Vocabulary.CancelReasons) : null, status == "cancelled" ? cancelledBy : null,
            windows, created, decided, updated, status == "accepted" ? 2 : 3, firstBooking);
    }

    private MatchRow Proposal(int number, int request, int offer, int hour)
    {
        var start = PoolWindowStart(hour);
        var created = today.AddDays(-1);
        var requester = sizes.OwnerOf(request);
        return new MatchRow(
            number, request, offer, requester, sizes.OwnerOf(offer), requester, "proposed", 1,
            MatchRules.IsExclusive(listings.Category(offer)), "Wir würden das gern für unser nächstes Treffen nutzen.", null, null,
            [new Window(start, start.AddHours(1))], created, null, created, 1, 0);
    }

    /// <summary>A published request of the offer's category (any, if the category has none) from another association; -1 if there is none.</summary>
    private int PickRequest(ref Rng rng, int offer)
    {
        var candidates = RequestsOf(listings.Category(offer));
        var provider = sizes.OwnerOf(offer);
        var start = rng.Next(candidates.Length);
        for (var step = 0; step < candidates.Length; step++)
        {
            var request = candidates[(start + step) % candidates.Length];
            if (sizes.OwnerOf(request) != provider)
            {
                return request;
            }
        }

        return -1;
    }

    private int[] RequestsOf(ListingCategory category) =>
        requests.Value.TryGetValue(category, out var found) && found.Length > 0 ? found : [.. requests.Value.Values.SelectMany(r => r)];
}
