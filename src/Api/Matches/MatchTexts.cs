using ResourceShare.Api.Http;
using ResourceShare.Domain.Matches;
using ResourceShare.Infrastructure.Matches;

namespace ResourceShare.Api.Matches;

/// <summary>What the match endpoints tell people, in English and German.</summary>
internal static class MatchTexts
{
    public static readonly UserText WrongStatus = new(
        "Not possible while the match is {0}.", "Nicht möglich, solange das Match den Status {0} hat.");
    public static readonly UserText NotYourSide = new(
        "Your association is not the side of this match that may do this: the other side accepts or declines, the proposer withdraws.",
        "Ihr Verein ist nicht die Seite dieses Matches, die das darf: die andere Seite nimmt an oder lehnt ab, wer vorschlägt, zieht zurück.");
    public static readonly UserText ProposeForbidden = new(
        "You may propose only for an association whose matches you manage (owner, coordinator, or a key with matches:write) and that owns the request or the offer.",
        "Sie dürfen nur für einen Verein vorschlagen, dessen Matches Sie verwalten (Eigentümer, Koordination oder ein Schlüssel mit matches:write) und dem die Anfrage oder das Angebot gehört.");
    public static readonly UserText TooManyOpen = new(
        "Your association already has {0} open proposals, the most it may have; wait for answers or withdraw one.",
        "Ihr Verein hat bereits {0} offene Vorschläge, so viele wie erlaubt; warten Sie auf Antworten oder ziehen Sie einen zurück.");
    public static readonly UserText TooManyBookings = new(
        "The requesting association would hold more than {0} future bookings of this offer; the limit keeps popular resources available to others.",
        "Der anfragende Verein hätte mehr als {0} künftige Buchungen dieses Angebots; die Grenze hält beliebte Ressourcen für andere verfügbar.");
    public static readonly UserText Unbookable = new(
        "The window {0} – {1} cannot be booked: it is already booked, no units are left, or it has begun.",
        "Das Zeitfenster {0} – {1} kann nicht gebucht werden: es ist schon gebucht, es sind keine Einheiten mehr frei, oder es hat begonnen.");
    public static readonly UserText NothingBookable = new(
        "None of the match's windows can still be booked.", "Keines der Zeitfenster des Matches kann noch gebucht werden.");
    public static readonly UserText OfferClosed = new(
        "The offer is no longer published and valid; it cannot be booked.",
        "Das Angebot ist nicht mehr veröffentlicht und gültig; es kann nicht gebucht werden.");
    public static readonly UserText AlreadyStarted = new(
        "Every booking of this match has begun; only bookings still ahead can be cancelled.",
        "Alle Buchungen dieses Matches haben begonnen; nur künftige Buchungen können storniert werden.");

    public static readonly Dictionary<ProposalProblem, (string Field, UserText Text)> ProposalTexts = new()
    {
        [ProposalProblem.RequestNotFound] = ("requestId", new("There is no published request with this id.", "Es gibt keine veröffentlichte Anfrage mit dieser ID.")),
        [ProposalProblem.OfferNotFound] = ("offerId", new("There is no published offer with this id.", "Es gibt kein veröffentlichtes Angebot mit dieser ID.")),
        [ProposalProblem.NotARequest] = ("requestId", new("This listing is an offer, not a request.", "Diese Anzeige ist ein Angebot, keine Anfrage.")),
        [ProposalProblem.NotAnOffer] = ("offerId", new("This listing is a request, not an offer.", "Diese Anzeige ist eine Anfrage, kein Angebot.")),
        [ProposalProblem.CategoryMismatch] = ("offerId", new("The offer is in another category than the request.", "Das Angebot ist in einer anderen Kategorie als die Anfrage.")),
        [ProposalProblem.SameAssociation] = ("offerId", new("Request and offer belong to the same association.", "Anfrage und Angebot gehören demselben Verein.")),
        [ProposalProblem.QuantityOnlyForEquipment] = ("quantity", new(
            "Only equipment is booked in units; rooms, interpreting, vehicles, know-how and other resources are booked whole (quantity 1).",
            "Nur Ausstattung wird in Einheiten gebucht; Räume, Dolmetschen, Fahrzeuge, Fachwissen und Sonstiges werden ganz gebucht (quantity 1).")),
        [ProposalProblem.RequestNotOpen] = ("", new("The request is not published and valid.", "Die Anfrage ist nicht veröffentlicht und gültig.")),
        [ProposalProblem.OfferNotOpen] = ("", new("The offer is not published and valid.", "Das Angebot ist nicht veröffentlicht und gültig.")),
        [ProposalProblem.AssociationSuspended] = ("", new("The other association is suspended.", "Der andere Verein ist gesperrt.")),
        [ProposalProblem.QuantityAboveOffer] = ("", new("The offer does not have that many units.", "Das Angebot hat nicht so viele Einheiten.")),
    };

    public static readonly Dictionary<WindowProblem, UserText> WindowTexts = new()
    {
        [WindowProblem.EndsBeforeStart] = new("The window {0} – {1} ends before it starts.", "Das Zeitfenster {0} – {1} endet, bevor es beginnt."),
        [WindowProblem.InThePast] = new("The window {0} – {1} has already begun.", "Das Zeitfenster {0} – {1} hat schon begonnen."),
        [WindowProblem.Overlapping] = new("The window {0} – {1} overlaps another one.", "Das Zeitfenster {0} – {1} überschneidet sich mit einem anderen."),
        [WindowProblem.OutsideRequest] = new("The window {0} – {1} is not inside any window of the request.", "Das Zeitfenster {0} – {1} liegt in keinem Zeitfenster der Anfrage."),
        [WindowProblem.OutsideOffer] = new("The offer is not available for the window {0} – {1}.", "Das Angebot ist im Zeitfenster {0} – {1} nicht verfügbar."),
        [WindowProblem.NoneServable] = new("The offer is available for none of the request's windows still ahead.", "Das Angebot ist in keinem künftigen Zeitfenster der Anfrage verfügbar."),
    };
}
