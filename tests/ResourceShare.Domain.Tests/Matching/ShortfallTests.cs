using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matching;

namespace ResourceShare.Domain.Tests.Matching;

public class ShortfallTests
{
    private static TimeWindow Berlin(int month, int day, int fromHour, int toHour) => new(
        Schedules.AtBerlin(new DateOnly(2027, month, day), new TimeOnly(fromHour, 0)),
        Schedules.AtBerlin(new DateOnly(2027, month, day), new TimeOnly(toHour, 0)));

    [Theory]
    [InlineData(7)]
    [InlineData(12)]
    public void Time_names_the_Berlin_wall_clock_in_summer_and_winter(int month)
    {
        var late = new Shortfall.Time(Berlin(month, 6, 18, 21), Berlin(month, 6, 19, 23));
        var early = new Shortfall.Time(Berlin(month, 6, 18, 21), Berlin(month, 6, 16, 20));

        Assert.Equal(("time", new LocalText("free from 19:00 instead of 18:00", "frei ab 19:00 statt 18:00")), (late.Constraint, late.Reason));
        Assert.Equal(new LocalText("free until 20:00 instead of 21:00", "frei bis 20:00 statt 21:00"), early.Reason);
    }

    public static TheoryData<Shortfall, string, string, string> Reasons => new()
    {
        { new Shortfall.Size(ListingCategory.Room, 35, 40), "capacity", "capacity 35 < 40", "Kapazität 35 < 40" },
        { new Shortfall.Size(ListingCategory.Vehicle, 5, 7), "seats", "seats 5 < 7", "Sitze 5 < 7" },
        { new Shortfall.Size(ListingCategory.Equipment, 2, 3), "quantity", "quantity 2 < 3", "Anzahl 2 < 3" },
        { new Shortfall.Distance(4), "distance", "4 km outside the radius", "4 km außerhalb des Radius" },
        { new Shortfall.Distance(2.26), "distance", "2.3 km outside the radius", "2,3 km außerhalb des Radius" },
        { new Shortfall.Budget(30, 20), "budget", "costs 30 € with a budget of 20 €", "kostet 30 € bei Budget 20 €" },
        { new Shortfall.Booked(), "booking", "already booked at that time", "zur gewünschten Zeit bereits gebucht" },
        {
            new Shortfall.Languages([new LanguagePair("ar", "de", false), new LanguagePair("prs", "de", true)]), "languages",
            "interpreting ar↔de, prs→de missing", "Dolmetschen ar↔de, prs→de fehlt"
        },
        { new Shortfall.Features(["kitchen", "stage"]), "features", "missing: kitchen, stage", "fehlt: kitchen, stage" },
        { new Shortfall.Area(50, 60), "area", "area 50 m² < 60 m²", "Fläche 50 m² < 60 m²" },
        { new Shortfall.Cargo(1.5m, 2), "cargo", "cargo 1.5 m³ < 2 m³", "Laderaum 1,5 m³ < 2 m³" },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Each_shortfall_names_its_constraint_and_what_to_relax(Shortfall shortfall, string constraint, string en, string de)
    {
        Assert.Equal(constraint, shortfall.Constraint);
        Assert.Equal(new LocalText(en, de), shortfall.Reason);
    }
}
