using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ResourceShare.Api.Http;

/// <summary>
/// Kestrel refuses some requests itself, before the application sees them: a request target with <c>%00</c>, a
/// request line or headers over its limits, a client too slow to send its headers. It answers those with a status
/// line and an empty body, and offers no hook to change that. This connection middleware recognises such an answer
/// in what Kestrel writes to the connection — a 4xx with <c>Content-Length: 0</c> and nothing after its headers,
/// which the application never sends, since each of its 4xx carries a problem — and gives it the RFC 9457 body and
/// the security headers every other answer has. Kestrel closes the connection after such an answer, so nothing
/// else follows it. The request could not be read, so the answer is in English.
/// </summary>
public static class KestrelRefusals
{
    public static void UseProblemBodies(this ListenOptions listen)
    {
        var limits = listen.KestrelServerOptions.Limits;
        var logger = listen.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KestrelRefusals));
        listen.Use(next => connection =>
        {
            var transport = connection.Transport;
            connection.Transport = new Transport(transport.Input, new RefusalWriter(transport.Output, limits, logger, connection.ConnectionId));
            return next(connection);
        });
    }

    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>A refusal rewritten to carry its problem, or null when <paramref name="written"/> is not a refusal.</summary>
    internal static (byte[] Response, string TraceId)? Rewrite(ReadOnlySpan<byte> written, KestrelServerLimits limits)
    {
        if (!written.StartsWith("HTTP/1.1 4"u8) && !written.StartsWith("HTTP/1.0 4"u8))
        {
            return null;
        }

        var end = written.IndexOf(HeaderEnd);
        if (end < 0 || end + HeaderEnd.Length != written.Length)
        {
            return null;
        }

        var lines = Encoding.ASCII.GetString(written[..end]).Split("\r\n");
        if (!lines.Skip(1).Any(l => l.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase))
            || !int.TryParse(lines[0].AsSpan(9, 3), out var status))
        {
            return null;
        }

        var traceId = ActivityTraceId.CreateRandom().ToString();
        var body = Body(status, limits, traceId);
        var response = new StringBuilder(lines[0]).Append("\r\n");
        response.Append("Content-Type: application/problem+json\r\n");
        response.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        foreach (var line in lines.Skip(1).Where(l => !l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)))
        {
            response.Append(line).Append("\r\n");
        }

        foreach (var (name, value) in SecurityHeaders.ForApi)
        {
            response.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        response.Append("Cache-Control: no-store\r\n\r\n");
        return ([.. Encoding.ASCII.GetBytes(response.ToString()), .. body], traceId);
    }

    private static byte[] Body(int status, KestrelServerLimits limits, string traceId)
    {
        var type = ProblemType.ForStatus(status);
        var detail = status switch
        {
            StatusCodes.Status400BadRequest =>
                "The request is malformed: its request line or headers could not be read (a path with %00, for example).",
            StatusCodes.Status414RequestUriTooLong =>
                $"The address (path and query string) is longer than the {limits.MaxRequestLineSize} bytes the server reads.",
            StatusCodes.Status431RequestHeaderFieldsTooLarge =>
                $"The request headers are larger than the {limits.MaxRequestHeadersTotalSize} bytes the server reads.",
            _ => type.Detail.En,
        };
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", type.Uri);
            json.WriteString("title", type.Title.En);
            json.WriteNumber("status", status);
            json.WriteString("detail", detail);
            json.WriteString("traceId", traceId);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private sealed class Transport(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>
    /// Holds what Kestrel writes until it flushes, then passes it on, rewritten when it is a refusal. Kestrel writes a
    /// refusal and flushes it as one piece.
    /// </summary>
    private sealed class RefusalWriter(PipeWriter inner, KestrelServerLimits limits, ILogger logger, string connectionId) : PipeWriter
    {
        // What one flush usually holds; a larger buffer (a big file) is let go after its flush.
        private const int KeptCapacity = 64 * 1024;

        private ArrayBufferWriter<byte> pending = new(4096);

        public override bool CanGetUnflushedBytes => true;

        public override long UnflushedBytes => pending.WrittenCount;

        public override void Advance(int bytes) => pending.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => pending.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => pending.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            PassOn();
            return inner.FlushAsync(cancellationToken);
        }

        public override void Complete(Exception? exception = null)
        {
            PassOn();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            PassOn();
            await inner.FlushAsync();
            await inner.CompleteAsync(exception);
        }

        private void PassOn()
        {
            if (pending.WrittenCount == 0)
            {
                return;
            }

            if (Rewrite(pending.WrittenSpan, limits) is var (refusal, traceId))
            {
                logger.LogInformation("Kestrel refused a malformed request on connection {ConnectionId}; traceId {TraceId}", connectionId, traceId);
                inner.Write(refusal);
            }
            else
            {
                inner.Write(pending.WrittenSpan);
            }

            if (pending.Capacity > KeptCapacity)
            {
                pending = new ArrayBufferWriter<byte>(4096);
            }
            else
            {
                pending.ResetWrittenCount();
            }
        }
    }
}
