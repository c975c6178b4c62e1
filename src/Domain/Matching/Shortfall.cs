using ResourceShare.Domain.Listings;

namespace ResourceShare.Domain.Matching;

/// <summary>
/// The one hard constraint a near miss fails (time, place or fit; never category, kind, status or
/// association), with its name on the wire and a reason that says what to relax.
/// </summary>
public abstract record Shortfall(string Constraint)
{
    public abstract LocalText Reason { get; }

    /// <summary>An availability window overlaps the wanted one but does not cover it.</summary>
    public sealed record Time(TimeWindow Wanted, TimeWindow Free) : Shortfall("time")
    {
        public override LocalText Reason => Free.Start > Wanted.Start
            ? LocalText.Of("free from {0:HH:mm} instead of {1:HH:mm}", "frei ab {0:HH:mm} statt {1:HH:mm}", Local(Free.Start), Local(Wanted.Start))
            : LocalText.Of("free until {0:HH:mm} instead of {1:HH:mm}", "frei bis {0:HH:mm} statt {1:HH:mm}", Local(Free.End), Local(Wanted.End));

        private static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Schedules.Berlin).DateTime;
    }

    /// <summary>Available, but confirmed bookings take the time (or too many of the units).</summary>
    public sealed record Booked() : Shortfall("booking")
    {
        public override LocalText Reason => new("already booked at that time", "zur gewünschten Zeit bereits gebucht");
    }

    public sealed record Distance(double OutsideKm) : Shortfall("distance")
    {
        public override LocalText Reason => LocalText.Of("{0:0.#} km outside the radius", "{0:0.#} km außerhalb des Radius", OutsideKm);
    }

    /// <summary>Capacity for attendees, a quantity of units, or seats, after the category.</summary>
    public sealed record Size(ListingCategory Category, int Offered, int Needed) : Shortfall(Category switch
    {
        ListingCategory.Room => "capacity",
        ListingCategory.Vehicle => "seats",
        _ => "quantity",
    })
    {
        public override LocalText Reason => Category switch
        {
            ListingCategory.Room => LocalText.Of("capacity {0} < {1}", "Kapazität {0} < {1}", Offered, Needed),
            ListingCategory.Vehicle => LocalText.Of("seats {0} < {1}", "Sitze {0} < {1}", Offered, Needed),
            _ => LocalText.Of("quantity {0} < {1}", "Anzahl {0} < {1}", Offered, Needed),
        };
    }

    public sealed record Area(decimal Offered, decimal Needed) : Shortfall("area")
    {
        public override LocalText Reason => LocalText.Of("area {0:0.#} m² < {1:0.#} m²", "Fläche {0:0.#} m² < {1:0.#} m²", Offered, Needed);
    }

    public sealed record Features(IReadOnlyList<string> Missing) : Shortfall("features")
    {
        public override LocalText Reason => LocalText.Of("missing: {0}", "fehlt: {0}", string.Join(", ", Missing));
    }

    /// <summary>Needed language pairs no offered pair serves (<see cref="LanguagePair.Serves"/>).</summary>
    public sealed record Languages(IReadOnlyList<LanguagePair> Missing) : Shortfall("languages")
    {
        public override LocalText Reason
        {
            get
            {
                var pairs = string.Join(", ", Missing.Select(p => p.From + (p.OneWay ? "→" : "↔") + p.To));
                return LocalText.Of("interpreting {0} missing", "Dolmetschen {0} fehlt", pairs);
            }
        }
    }

    public sealed record Modes(IReadOnlyList<string> Missing) : Shortfall("modes")
    {
        public override LocalText Reason => LocalText.Of("mode missing: {0}", "Modus fehlt: {0}", string.Join(", ", Missing));
    }

    public sealed record Delivery(IReadOnlyList<string> Wanted) : Shortfall("delivery")
    {
        public override LocalText Reason => LocalText.Of("not offered: {0}", "nicht angeboten: {0}", string.Join(", ", Wanted));
    }

    public sealed record ItemTag(string? Offered, string Wanted) : Shortfall("item_tag")
    {
        public override LocalText Reason => LocalText.Of("{0} instead of {1}", "{0} statt {1}", Offered ?? "–", Wanted);
    }

    public sealed record Cargo(decimal Offered, decimal Needed) : Shortfall("cargo")
    {
        public override LocalText Reason => LocalText.Of("cargo {0:0.#} m³ < {1:0.#} m³", "Laderaum {0:0.#} m³ < {1:0.#} m³", Offered, Needed);
    }

    public sealed record Driver() : Shortfall("driver")
    {
        public override LocalText Reason => new("no driver included", "ohne Fahrer");
    }

    public sealed record Topics(IReadOnlyList<string> Missing) : Shortfall("topics")
    {
        public override LocalText Reason => LocalText.Of("topic missing: {0}", "Thema fehlt: {0}", string.Join(", ", Missing));
    }

    /// <summary>The offer costs more than the request's budget (a request without a budget takes free offers only).</summary>
    public sealed record Budget(decimal Cost, decimal MaxBudget) : Shortfall("budget")
    {
        public override LocalText Reason => LocalText.Of("costs {0:0.##} € with a budget of {1:0.##} €", "kostet {0:0.##} € bei Budget {1:0.##} €", Cost, MaxBudget);
    }
}
