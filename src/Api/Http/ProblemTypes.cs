namespace ResourceShare.Api.Http;

/// <summary>
/// The stable problem <c>type</c> URIs of the API with their default titles and details. Clients switch on
/// <c>type</c>; titles and details are for people and come in the caller's language.
/// </summary>
public sealed record ProblemType(string Slug, int Status, UserText Title, UserText Detail)
{
    public string Uri => "urn:resourceshare:problem:" + Slug;

    public static readonly ProblemType BadRequest = new("bad-request", 400,
        new("Bad request", "Ungültige Anfrage"),
        new("The request could not be understood.", "Die Anfrage konnte nicht verstanden werden."));

    public static readonly ProblemType MalformedJson = new("malformed-json", 400,
        new("Malformed JSON", "Fehlerhaftes JSON"),
        new("The request body is not valid JSON.", "Der Anfragetext ist kein gültiges JSON."));

    public static readonly ProblemType Validation = new("validation", 400,
        new("Validation failed", "Validierung fehlgeschlagen"),
        new("One or more fields are invalid; see errors.", "Mindestens ein Feld ist ungültig; siehe errors."));

    public static readonly ProblemType Unauthorized = new("unauthorized", 401,
        new("Authentication required", "Anmeldung erforderlich"),
        new("Sign in or send a valid API key.", "Melden Sie sich an oder senden Sie einen gültigen API-Schlüssel."));

    public static readonly ProblemType Forbidden = new("forbidden", 403,
        new("Forbidden", "Nicht erlaubt"),
        new("You may see this resource but not perform this action.", "Sie dürfen diese Ressource sehen, aber diese Aktion nicht ausführen."));

    public static readonly ProblemType AssociationSuspended = new("association-suspended", 403,
        new("Association suspended", "Verein gesperrt"),
        new("The association is suspended by the moderators and cannot do this until it is reinstated; its notifications give the reason.",
            "Der Verein ist von der Moderation gesperrt und kann das erst nach der Wiederzulassung tun; seine Benachrichtigungen nennen den Grund."));

    public static readonly ProblemType NotFound = new("not-found", 404,
        new("Not found", "Nicht gefunden"),
        new("There is no resource at this address.", "Unter dieser Adresse gibt es keine Ressource."));

    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405,
        new("Method not allowed", "Methode nicht erlaubt"),
        new("This address does not accept this HTTP method; the Allow header lists those it accepts.",
            "Diese Adresse akzeptiert diese HTTP-Methode nicht; der Allow-Header nennt die erlaubten."));

    public static readonly ProblemType Conflict = new("conflict", 409,
        new("Conflict", "Konflikt"),
        new("The request conflicts with the current state of the resource.", "Die Anfrage widerspricht dem aktuellen Zustand der Ressource."));

    public static readonly ProblemType InvalidTransition = new("invalid-transition", 409,
        new("Not possible in the current status", "Im aktuellen Status nicht möglich"),
        new("The resource's current status does not allow this.", "Der aktuelle Status der Ressource erlaubt das nicht."));

    public static readonly ProblemType LinkUsed = new("link-used", 410,
        new("Link no longer valid", "Link nicht mehr gültig"),
        new("This link has done its work or no longer applies.", "Dieser Link hat seinen Zweck erfüllt oder gilt nicht mehr."));

    public static readonly ProblemType RequestTimeout = new("request-timeout", 408,
        new("Request timeout", "Zeitüberschreitung der Anfrage"),
        new("The request was not received in time.", "Die Anfrage ist nicht rechtzeitig angekommen."));

    public static readonly ProblemType PreconditionFailed = new("precondition-failed", 412,
        new("Precondition failed", "Vorbedingung nicht erfüllt"),
        new("The resource has changed since you read it (If-Match does not match its ETag).",
            "Die Ressource wurde geändert, seit Sie sie gelesen haben (If-Match passt nicht zum ETag)."));

    public static readonly ProblemType PayloadTooLarge = new("payload-too-large", 413,
        new("Request body too large", "Anfragetext zu groß"),
        new($"The request body exceeds the limit of {RequestBodyLimit.MaxBytes} bytes.",
            $"Der Anfragetext überschreitet die Grenze von {RequestBodyLimit.MaxBytes} Bytes."));

    public static readonly ProblemType UriTooLong = new("uri-too-long", 414,
        new("Address too long", "Adresse zu lang"),
        new("The address (path and query string) is longer than the server reads.",
            "Die Adresse (Pfad und Query-String) ist länger, als der Server liest."));

    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", 415,
        new("Unsupported media type", "Nicht unterstützter Medientyp"),
        new("Send the request body as application/json.", "Senden Sie den Anfragetext als application/json."));

    public static readonly ProblemType Unprocessable = new("unprocessable", 422,
        new("Unprocessable request", "Nicht verarbeitbare Anfrage"),
        new("The request is well-formed but cannot be processed.", "Die Anfrage ist wohlgeformt, kann aber nicht verarbeitet werden."));

    public static readonly ProblemType TooManyRequests = new("too-many-requests", 429,
        new("Too many requests", "Zu viele Anfragen"),
        new("Slow down: try again after the number of seconds in Retry-After.",
            "Bitte langsamer: versuchen Sie es nach den in Retry-After genannten Sekunden erneut."));

    public static readonly ProblemType RequestHeadersTooLarge = new("request-headers-too-large", 431,
        new("Request headers too large", "Anfrage-Header zu groß"),
        new("The request headers are larger than the server reads.", "Die Anfrage-Header sind größer, als der Server liest."));

    public static readonly ProblemType Internal = new("internal", 500,
        new("Internal error", "Interner Fehler"),
        new("Something went wrong on our side. The trace id identifies the request in our logs.",
            "Auf unserer Seite ist ein Fehler aufgetreten. Die traceId identifiziert die Anfrage in unseren Protokollen."));

    public static readonly ProblemType Unavailable = new("service-unavailable", 503,
        new("Service unavailable", "Dienst nicht verfügbar"),
        new("The service is temporarily unavailable; try again after the number of seconds in Retry-After.",
            "Der Dienst ist vorübergehend nicht verfügbar; versuchen Sie es nach den in Retry-After genannten Sekunden erneut."));

    private static readonly Dictionary<int, ProblemType> ByStatusCode = new[]
    {
        BadRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed, RequestTimeout, Conflict, PreconditionFailed,
        PayloadTooLarge, UriTooLong, UnsupportedMediaType, Unprocessable, TooManyRequests, RequestHeadersTooLarge, Internal, Unavailable,
    }.ToDictionary(p => p.Status);

    /// <summary>The default problem type for a status code that no handler described more precisely.</summary>
    public static ProblemType ForStatus(int status) =>
        ByStatusCode.TryGetValue(status, out var type) ? type
        : status >= 500 ? Internal
        : BadRequest with { Status = status };
}
