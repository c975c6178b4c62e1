using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Http;

/// <summary>
/// Pooled connections serve one request after another. Requests that fail — text PostgreSQL cannot store, a
/// registration whose email is taken (a unique violation inside the database) — run beside
/// valid ones that use the very same statements; no valid request may fail or read another request's rows.
/// </summary>
public sealed class ConnectionIsolationTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    // Clients of each kind, and the requests each sends one after another: more clients than the pool has
    // connections would only measure waiting for one.
    private const int Clients = 8;

    private const int Rounds = 6;

    [Fact]
    public async Task Failing_requests_beside_valid_ones_leave_no_connection_out_of_step()
    {
        var owner = await app.RegisterAsync("owner");
        var names = new[] { "Tigrinya Forum", "Dari Elternkreis", "Somali Jugend", "Ukraine Hilfe" };
        var associations = new Dictionary<Guid, string>();
        foreach (var name in names)
        {
            associations[await app.CreateAssociationAsync(owner, name)] = name;
        }

        var taken = (await app.RegisterAsync("taken")).Email;
        var prefixes = new[] { "Frank", "Wies", "Kass", "Darm", "Gie", "Marb", "Fuld", "Offen" };
        var failures = new ConcurrentBag<string>();

        async Task Valid(int i)
        {
            using var client = app.CreateClient();
            var prefix = prefixes[i % prefixes.Length];
            using var places = await client.GetAsync($"/api/v1/places?q={prefix}&limit=5");
            var found = await OkAsync(places, failures);
            foreach (var place in found?.GetProperty("items").EnumerateArray() ?? default)
            {
                if (!place.GetProperty("name").GetString()!.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"places?q={prefix} answered {place.GetProperty("name")}");
                }
            }

            var (id, name) = associations.ElementAt(i % associations.Count);
            using var profile = await client.GetAsync($"/api/v1/associations/{id}");
            if (await OkAsync(profile, failures) is { } body && (body.GetProperty("id").GetGuid() != id || body.GetProperty("name").GetString() != name))
            {
                failures.Add($"associations/{id} answered {body.GetProperty("id")} {body.GetProperty("name")}");
            }

            var word = name.Split(' ')[0];
            using var directory = await client.GetAsync($"/api/v1/associations?q={word}");
            foreach (var item in (await OkAsync(directory, failures))?.GetProperty("items").EnumerateArray() ?? default)
            {
                if (!item.GetProperty("name").GetString()!.Contains(word, StringComparison.Ordinal))
                {
                    failures.Add($"associations?q={word} answered {item.GetProperty("name")}");
                }
            }

            using var search = await client.GetAsync($"/api/v1/listings?q={word}&category=room");
            await OkAsync(search, failures);

            using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = $"nobody-{i}@example.org", password = "not-the-password-1" });
            if (login.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"sign-in of an unknown email answered {(int)login.StatusCode}");
            }
        }

        async Task Failing(int i)
        {
            using var client = app.CreateClient();
            HttpResponseMessage[] responses =
            [
                await client.GetAsync($"/api/v1/places?q={Uri.EscapeDataString("Fr\0")}"),
                await client.GetAsync($"/api/v1/listings?q={Uri.EscapeDataString("a\0b")}&category=room"),
                await client.GetAsync($"/api/v1/associations?q={Uri.EscapeDataString("x\0")}"),
                await client.PostAsJsonAsync("/api/v1/auth/login", new { email = $"a\0{i}@example.org", password = "whatever-long-1" }),
                await client.PostAsJsonAsync("/api/v1/auth/register",
                    new { email = taken, password = ResourceShareApp.Password, displayName = "Doppelt" }),
            ];
            foreach (var response in responses)
            {
                if ((int)response.StatusCode is < 400 or >= 500)
                {
                    failures.Add($"{response.RequestMessage!.RequestUri!.PathAndQuery} was meant to fail with a 4xx and answered {(int)response.StatusCode}");
                }

                response.Dispose();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).SelectMany(client => new[]
        {
            Task.Run(async () => { for (var round = 0; round < Rounds; round++) await Valid(client * Rounds + round); }),
            Task.Run(async () => { for (var round = 0; round < Rounds; round++) await Failing(client * Rounds + round); }),
        }));

        Assert.True(failures.IsEmpty, string.Join('\n', failures.Take(20)));
    }

    private static async Task<JsonElement?> OkAsync(HttpResponseMessage response, ConcurrentBag<string> failures)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            failures.Add($"{response.RequestMessage!.RequestUri!.PathAndQuery} answered {(int)response.StatusCode}: {text}");
            return null;
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
