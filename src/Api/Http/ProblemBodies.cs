using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace ResourceShare.Api.Http;

/// <summary>
/// The problem bodies of the OpenAPI document: per status, the members a problem may carry beyond RFC 9457's and
/// the trace id. The API writes these members as extensions (<see cref="Problems.Of"/>), under the names declared
/// here; the test suite validates every problem it receives against its documented schema, which admits no other
/// member, so a new extension must be declared here first.
/// </summary>
public sealed class InputProblemDetails : HttpValidationProblemDetails
{
    [Description("For a place the gazetteer does not know: German place names that begin like it.")]
    public IReadOnlyList<string>? Suggestions { get; init; }
}

public sealed class ConflictProblemDetails : ProblemDetails
{
    [Description("When the action is not possible in the resource's status (type invalid-transition, or a listing that is not published): that status.")]
    public string? CurrentStatus { get; init; }

    [Description("When a window could not be booked: that window.")]
    public ProblemWindow? Window { get; init; }

    [Description("When a limit was reached (future bookings of one offer): the limit.")]
    public int? Limit { get; init; }

    [Description("When an account cannot be erased because it is the last owner of associations: those associations.")]
    public IReadOnlyList<Guid>? AssociationIds { get; init; }
}

public sealed class UnprocessableProblemDetails : ProblemDetails
{
    [Description("When terms of use were accepted that are not the current ones: the current version.")]
    public string? CurrentVersion { get; init; }
}

public sealed class TooManyRequestsProblemDetails : ProblemDetails
{
    [Description("When an association's limit was reached (open proposals): the limit.")]
    public int? Limit { get; init; }
}

public sealed record ProblemWindow(DateTimeOffset Start, DateTimeOffset End);
