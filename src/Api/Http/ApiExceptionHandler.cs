using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace ResourceShare.Api.Http;

/// <summary>
/// Turns exceptions into problem responses. Expected failures (bad input the framework rejects, a database
/// that is briefly away, a constraint that decided a race) get their 4xx/503; anything else is a bug: a
/// logged 500 that tells the caller nothing about our internals.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>How long a client should wait before retrying while the database is unreachable.</summary>
    public const int DatabaseRetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to read an answer.
            httpContext.Response.StatusCode = 499;
            return true;
        }

        var (problem, retryAfter) = Map(exception);
        if (problem.Status >= 500 && retryAfter is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        else if (retryAfter is not null)
        {
            logger.LogWarning(exception, "Database unavailable for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (retryAfter is not null)
        {
            httpContext.Response.Headers.RetryAfter = retryAfter.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static (ProblemDetails Problem, int? RetryAfter) Map(Exception exception) => exception switch
    {
        BadHttpRequestException bad => (FromBadRequest(bad), null),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ExclusionViolation } =>
            (Problem(ProblemType.Conflict), null),
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } =>
            (Problem(ProblemType.Unavailable), 1),
        _ when IsDatabaseUnavailable(exception) => (Problem(ProblemType.Unavailable), DatabaseRetryAfterSeconds),
        _ => (Problem(ProblemType.Internal), null),
    };

    private static ProblemDetails FromBadRequest(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return FromJson(json);
        }

        return exception.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => Problem(ProblemType.PayloadTooLarge),
            StatusCodes.Status415UnsupportedMediaType => Problem(ProblemType.UnsupportedMediaType),
            StatusCodes.Status400BadRequest when BindingFailure().Match(exception.Message) is { Success: true } m =>
                InvalidParameter(m.Groups["name"].Value, m.Groups["value"].Value),
            StatusCodes.Status400BadRequest when MissingParameter().Match(exception.Message) is { Success: true } m =>
                MissingParameter(m.Groups["name"].Value),
            StatusCodes.Status400BadRequest when exception.Message.Contains("request body", StringComparison.OrdinalIgnoreCase) =>
                Problem(ProblemType.MalformedJson),
            _ => Problem(ProblemType.ForStatus(exception.StatusCode)),
        };
    }

    /// <summary>
    /// A body that is JSON but does not fit the request type is a validation problem on the field it names
    /// (an unknown field, a string where a number belongs, an unknown enum value, text with an unpaired surrogate);
    /// broken JSON is malformed.
    /// </summary>
    private static ProblemDetails FromJson(JsonException json)
    {
        var field = FieldOf(json.Path);
        if (field is not null && json.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return Validation(field, new UserText("Unknown field: this request has no such field, or it may not be set.",
                "Unbekanntes Feld: diese Anfrage hat kein solches Feld, oder es darf nicht gesetzt werden.").ToString());
        }

        if (field is not null && json.InnerException is InvalidOperationException { Message: var inner }
            && inner.Contains("UTF-16", StringComparison.Ordinal))
        {
            return Validation(field, new UserText("Text is not valid Unicode: it contains an unpaired surrogate.",
                "Text ist kein gültiges Unicode: er enthält ein einzelnes Surrogat.").ToString());
        }

        if (field is not null && json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return Validation(field, new UserText("Wrong type or not an allowed value.", "Falscher Typ oder kein erlaubter Wert.").ToString());
        }

        var where = json.LineNumber is null ? "" : $" ({json.Path ?? "$"}, line {json.LineNumber + 1}, position {json.BytePositionInLine + 1})";
        return Problem(ProblemType.MalformedJson, ProblemType.MalformedJson.Detail + where);
    }

    /// <summary>"$.place.postalCode" → "place.postalCode", "$.windows[2].start" → "windows[2].start"; null for the root.</summary>
    private static string? FieldOf(string? jsonPath) =>
        jsonPath is null || jsonPath.Length <= 2 || !jsonPath.StartsWith("$.", StringComparison.Ordinal) ? null : jsonPath[2..];

    private static ProblemDetails InvalidParameter(string name, string value) => Validation(
        JsonNamingPolicy.CamelCase.ConvertName(name),
        new UserText("'{0}' is not a valid value.", "'{0}' ist kein gültiger Wert.").Format(value));

    private static ProblemDetails MissingParameter(string name) => Validation(
        JsonNamingPolicy.CamelCase.ConvertName(name),
        new UserText("A value is required.", "Ein Wert ist erforderlich.").ToString());

    private static ProblemDetails Validation(string field, string message) =>
        new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Type = ProblemType.Validation.Uri,
            Title = ProblemType.Validation.Title.ToString(),
            Status = ProblemType.Validation.Status,
            Detail = ProblemType.Validation.Detail.ToString(),
        };

    private static ProblemDetails Problem(ProblemType type, string? detail = null) => new()
    {
        Type = type.Uri,
        Title = type.Title.ToString(),
        Status = type.Status,
        Detail = detail ?? type.Detail.ToString(),
    };

    private static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Class 08: the connection failed; 53: the server ran out of connections, memory or disk; 57: an
                // operator or a timeout ended the statement or session (shutdown, pg_terminate_backend, statement_timeout,
                // idle_session_timeout; the request's own cancellation is an OperationCanceledException); 55P03 and
                // 25P03: lock_timeout and idle_in_transaction_session_timeout. All pass: worth a retry.
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                    || pg.SqlState.StartsWith("57", StringComparison.Ordinal)
                    || pg.SqlState is PostgresErrorCodes.LockNotAvailable or "25P03":
                case NpgsqlException { IsTransient: true }:
                case NpgsqlException when e.InnerException is SocketException or IOException or TimeoutException:
                case SocketException:
                    return true;
            }
        }

        return false;
    }

    // The framework's binding messages name the parameter, e.g.
    // Failed to bind parameter "int? Limit" from "abc".  /  Required parameter "string q" was not provided from query string.
    [GeneratedRegex("""Failed to bind parameter "(?:[^"]*\s)?(?<name>[^"\s]+)" from "(?<value>[^"]*)"\.""")]
    private static partial Regex BindingFailure();

    [GeneratedRegex("""Required parameter "(?:[^"]*\s)?(?<name>[^"\s]+)" was not provided""")]
    private static partial Regex MissingParameter();
}
