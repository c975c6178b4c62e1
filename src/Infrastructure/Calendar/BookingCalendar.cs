using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matches;
using IcalCalendar = Ical.Net.Calendar;

namespace ResourceShare.Infrastructure.Calendar;

/// <summary>
/// Writes bookings as an iCalendar object (RFC 5545): one VEVENT per booking with a UID that never changes, times
/// in Europe/Berlin with its VTIMEZONE, and a cancelled booking kept as STATUS:CANCELLED with a higher SEQUENCE, so
/// that calendar programs that imported it before remove it.
/// </summary>
public static class BookingCalendar
{
    public const string MediaType = "text/calendar";

    private const string ZoneId = "Europe/Berlin";

    public static string Write(CalendarContent content)
    {
        var calendar = new IcalCalendar { ProductId = "-//ResourceShare//Bookings//DE" };
        calendar.AddProperty("X-WR-CALNAME", $"ResourceShare: {content.AssociationName}");
        calendar.AddProperty("X-WR-TIMEZONE", ZoneId);
        var earliest = content.Bookings.Count > 0 ? content.Bookings.Min(b => b.StartsAt) : DateTime.UtcNow;
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(ZoneId, earliest.AddYears(-1), includeHistoricalData: false));
        foreach (var booking in content.Bookings)
        {
            var cancelled = booking.Status == BookingStatus.Cancelled;
            var changed = Utc(booking.CancelledAt ?? booking.CreatedAt);
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"booking-{booking.Id}@resourceshare",
                DtStart = Berlin(booking.StartsAt),
                DtEnd = Berlin(booking.EndsAt),
                DtStamp = changed,
                LastModified = changed,
                Sequence = cancelled ? 1 : 0,
                Status = cancelled ? Ical.Net.EventStatus.Cancelled : Ical.Net.EventStatus.Confirmed,
                Summary = $"{booking.OfferTitle} · {booking.CounterpartName}",
                Description = booking.AsProvider
                    ? $"Vergeben an / provided to: {booking.CounterpartName}"
                    : $"Gebucht bei / booked from: {booking.CounterpartName}",
                Location = booking.City,
            });
        }

        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private static CalDateTime Berlin(DateTime utc) =>
        new(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Schedules.Berlin), ZoneId);

    private static CalDateTime Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc), "UTC");
}
