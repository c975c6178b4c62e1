using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Http;

/// <summary>
/// Requests that Kestrel refuses before the application sees them get the same RFC 9457 body and headers as
/// every other 4xx. Sent over a raw socket, since HttpClient itself refuses to send most of them.
/// </summary>
public sealed class KestrelRefusalTests(KestrelAppWithTestEndpoints app) : IClassFixture<KestrelAppWithTestEndpoints>
{
    public static TheoryData<string, string, int, string> Refusals => new()
    {
        { "a NUL in a path segment", "GET /api/v1/listings/%00 HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad-request" },
        { "a 20 kB query string", $"GET /api/v1/places?q={new string('a', 20_000)} HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri-too-long" },
        { "a 64 kB header", $"GET /api/v1/places?q=a HTTP/1.1\r\nHost: x\r\nX-Padding: {new string('a', 65_536)}\r\n\r\n", 431, "request-headers-too-large" },
        { "a header without a colon", "GET /api/v1/places?q=a HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n", 400, "bad-request" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_request_Kestrel_refuses_gets_a_problem_body(string what, string request, int status, string type)
    {
        var (head, body) = await SendRawAsync(request);

        Assert.StartsWith($"HTTP/1.1 {status} ", head);
        Assert.Contains("Content-Type: application/problem+json", head);
        Assert.Contains("X-Content-Type-Options: nosniff", head);
        Assert.DoesNotContain("Server:", head);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(Problem.TypeUri(type), problem.GetProperty("type").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), what);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), what);
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Answers_the_application_gives_pass_unchanged_on_a_kept_alive_connection()
    {
        var address = app.CreateClient().BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        foreach (var path in new[] { "/api/v1/places?q=Frankfurt", "/api/v1/no-such-thing", "/health/live" })
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"));
        }

        var expected = new[] { HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.OK };
        var reader = new StreamReader(stream, Encoding.ASCII);
        foreach (var status in expected)
        {
            var line = await reader.ReadLineAsync();
            Assert.StartsWith($"HTTP/1.1 {(int)status} ", line);
            var headers = new List<string>();
            for (var header = await reader.ReadLineAsync(); !string.IsNullOrEmpty(header); header = await reader.ReadLineAsync())
            {
                headers.Add(header);
            }

            Assert.DoesNotContain(headers, h => h.StartsWith("Server:", StringComparison.OrdinalIgnoreCase));
            await SkipBodyAsync(reader, headers);
        }
    }

    private async Task<(string Head, string Body)> SendRawAsync(string request)
    {
        var address = app.CreateClient().BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received);
        }
        catch (IOException)
        {
            // Kestrel may reset the connection after its answer while the rest of a large request is still unread.
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"no complete answer: {text}");
        return (text[..split], text[(split + 4)..]);
    }

    private static async Task SkipBodyAsync(StreamReader reader, List<string> headers)
    {
        if (headers.FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } length)
        {
            var buffer = new char[int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)];
            await reader.ReadBlockAsync(buffer);
            return;
        }

        // Chunked: size lines and data until the zero-size chunk and the blank line after it.
        while (true)
        {
            var size = Convert.ToInt32((await reader.ReadLineAsync())!.Trim(), 16);
            if (size == 0)
            {
                await reader.ReadLineAsync();
                return;
            }

            var chunk = new char[size];
            await reader.ReadBlockAsync(chunk);
            await reader.ReadLineAsync();
        }
    }
}
