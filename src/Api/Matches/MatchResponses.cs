using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matches;
using ResourceShare.Infrastructure.Matches;

namespace ResourceShare.Api.Matches;

/// <summary>One side of a match. contactEmail is shown to the other side only while a booking is confirmed (accepted or completed).</summary>
public sealed record MatchPartyResponse(Guid AssociationId, string Name, string? ContactEmail);

/// <summary>A listing of a match. streetAddress is shown to the other side only while a booking is confirmed.</summary>
public sealed record MatchListingResponse(Guid Id, string Title, string? StreetAddress);

public sealed record MatchWindowResponse(DateTimeOffset Start, DateTimeOffset End)
{
    public static MatchWindowResponse From(TimeWindow window) => new(window.Start, window.End);
}

public sealed record MatchBookingResponse(Guid Id, DateTimeOffset Start, DateTimeOffset End, int Quantity, BookingStatus Status, DateTimeOffset? CancelledAt);

public sealed record MatchResponse(
    Guid Id, MatchStatus Status, ListingCategory Category, MatchListingResponse Request, MatchListingResponse Offer,
    MatchPartyResponse Requester, MatchPartyResponse Provider, Guid ProposedBy, int Quantity, string? Message, string? Reason,
    Guid? ClosedBy, DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<MatchWindowResponse> Windows,
    IReadOnlyList<MatchBookingResponse> Bookings, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? DecidedAt)
{
    public static MatchResponse From(MatchDetails match)
    {
        var r = match.Row;
        return new MatchResponse(
            r.Id, r.Status, r.Category,
            new MatchListingResponse(r.RequestId, r.RequestTitle, r.RequestStreetAddress),
            new MatchListingResponse(r.OfferId, r.OfferTitle, r.OfferStreetAddress),
            new MatchPartyResponse(r.RequesterId, r.RequesterName, r.RequesterEmail),
            new MatchPartyResponse(r.ProviderId, r.ProviderName, r.ProviderEmail),
            r.ProposedBy, r.Quantity, r.Message, r.Reason, r.ClosedBy, r.StartsAt, r.EndsAt,
            match.Windows.Select(MatchWindowResponse.From).ToList(),
            match.Bookings.Select(b => new MatchBookingResponse(b.Id, b.StartsAt, b.EndsAt, b.Quantity, b.Status, b.CancelledAt)).ToList(),
            r.CreatedAt, r.UpdatedAt, r.DecidedAt);
    }
}

/// <summary>An accepted match with the occurrences it booked and those it skipped (conflicts: skip).</summary>
public sealed record AcceptedMatchResponse(MatchResponse Match, IReadOnlyList<MatchWindowResponse> Booked, IReadOnlyList<MatchWindowResponse> Skipped);

public sealed record MatchPage(IReadOnlyList<MatchResponse> Items, string? NextCursor);

public sealed record BookingResponse(
    Guid Id, Guid MatchId, Guid OfferId, string OfferTitle, DateTimeOffset Start, DateTimeOffset End, int Quantity, BookingStatus Status,
    BookingRole Role, Guid CounterpartId, string CounterpartName)
{
    public static BookingResponse From(BookingRow booking) => new(
        booking.Id, booking.MatchId, booking.OfferId, booking.OfferTitle, booking.StartsAt, booking.EndsAt, booking.Quantity, booking.Status,
        booking.AsProvider ? BookingRole.Provider : BookingRole.Requester, booking.CounterpartId, booking.CounterpartName);
}

public sealed record BookingPage(IReadOnlyList<BookingResponse> Items, string? NextCursor);

public sealed record MessageResponse(Guid Id, Guid MatchId, Guid AuthorAssociationId, string AuthorAssociationName, Guid? AuthorUserId, string Body, DateTimeOffset CreatedAt)
{
    public static MessageResponse From(MessageRow message) => new(message.Id, message.MatchId, message.AuthorAssociationId, message.AuthorAssociationName, message.AuthorUserId, message.Body, message.CreatedAt);
}

public sealed record MessagePage(IReadOnlyList<MessageResponse> Items, string? NextCursor);
