using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using Npgsql;
using ResourceShare.Web.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace ResourceShare.Web.Tests.Browser;

/// <summary>Mail settings, "still current" on the owner's listing page, and a webhook's delivery log with replay.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SettingsScreensTests(WebApp app)
{
    [Fact]
    public async Task A_member_chooses_how_each_kind_of_event_reaches_them_by_mail()
    {
        var page = await app.NewPageAsync();
        await Steps.RegisterAsync(page, "Mona Mail", Steps.UniqueEmail("mail"), "Ein langes Passwort 2026!");

        await page.GetByRole(AriaRole.Link, new() { Name = "Mail-Einstellungen" }).ClickAsync();
        await page.WaitForURLAsync("**/me/mail");
        var messages = page.GetByRole(AriaRole.Group, new() { Name = "Neue Nachricht" });
        var digest = page.GetByRole(AriaRole.Group, new() { Name = "Neues Angebot passt zu Ihrer Anfrage" });
        await Expect(messages.GetByLabel("sofort")).ToBeCheckedAsync();
        await Expect(digest.GetByLabel("in der Tagesübersicht")).ToBeCheckedAsync();
        await Screens.CheckAsync(page, "mail-settings");

        await messages.GetByLabel("keine Mail").CheckAsync();
        await digest.GetByLabel("sofort").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Speichern" }).ClickAsync();

        await page.WaitForURLAsync("**/me/mail?saved=true");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Gespeichert.");
        await page.GotoAsync("/me/mail");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Neue Nachricht" }).GetByLabel("keine Mail")).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Neues Angebot passt zu Ihrer Anfrage" }).GetByLabel("sofort")).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Neuer Vorschlag" }).GetByLabel("sofort")).ToBeCheckedAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_owner_marks_a_published_listing_as_still_current()
    {
        var page = await app.NewPageAsync();
        await Steps.SignInAsync(page, Steps.DemoOwnerEmail, Steps.DemoOwnerPassword);
        var listing = await ListingEditingTests.CreateDraftAsync(page, "Umzugshilfe " + Guid.NewGuid().ToString("N")[..6]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Veröffentlichen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Noch aktuell" })).ToBeVisibleAsync();
        var before = await ValidUntilAsync(listing);

        await page.GetByRole(AriaRole.Button, new() { Name = "Noch aktuell" }).ClickAsync();

        await page.WaitForURLAsync("**?extended=true");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Verlängert: Die Anzeige ist jetzt gültig bis zum");
        var after = await ValidUntilAsync(listing);
        Assert.InRange(after - before, TimeSpan.FromDays(89.9), TimeSpan.FromDays(90.1));
        await Screens.CheckAsync(page, "listing-extended");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_owner_reads_a_webhooks_delivery_log_and_sends_a_failed_message_again()
    {
        using var receiver = new Receiver();
        var page = await app.NewPageAsync();
        await Steps.SignInAsync(page, Steps.DemoOwnerEmail, Steps.DemoOwnerPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "Verein verwalten" }).First.ClickAsync();
        await page.WaitForURLAsync("**/manage");
        var associationId = Steps.IdIn(page.Url, "associations");
        await page.Locator("#f-url").FillAsync(receiver.Url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Webhook anlegen" }).ClickAsync();
        await Expect(page.Locator(".secret").Filter(new() { HasText = "whsec_" })).ToHaveCountAsync(1);
        await NotifyAsync(associationId);
        await receiver.WaitForRequestsAsync(1);

        await page.GetByRole(AriaRole.Link, new() { Name = $"Zustellprotokoll von {receiver.Url}" }).ClickAsync();
        await page.WaitForURLAsync("**/webhooks/*");
        var message = page.Locator("main li.card").First;
        await Expect(message).ToContainTextAsync("proposal_received");
        await Expect(message).ToContainTextAsync("HTTP 500");
        await Expect(message).ToContainTextAsync("wird zugestellt");
        await Screens.CheckAsync(page, "webhook-log");

        receiver.Answer = HttpStatusCode.NoContent;
        await message.GetByRole(AriaRole.Button, new() { NameRegex = new("erneut senden$") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("wird erneut gesendet");
        await receiver.WaitForRequestsAsync(2);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await page.Locator("main li.card").First.TextContentAsync() ?? "").Contains("HTTP 204", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "The log does not show the replayed delivery.");
            await Task.Delay(500);
            await page.ReloadAsync();
        }

        await Expect(page.Locator("main li.card").First.Locator(".pill")).ToHaveTextAsync("zugestellt");

        await page.GotoAsync($"/associations/{associationId}/manage");
        await page.Locator("tr").Filter(new() { HasText = receiver.Url }).GetByRole(AriaRole.Button, new() { Name = $"Webhook {receiver.Url} löschen" }).ClickAsync();
        await Expect(page.Locator("tr").Filter(new() { HasText = receiver.Url })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    private async Task<DateTimeOffset> ValidUntilAsync(Guid listingId)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT valid_until FROM listing WHERE id = @id", conn);
        command.Parameters.AddWithValue("id", listingId);
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }

    /// <summary>An event for the association, as the API writes one: the outbox trigger takes it to the webhooks.</summary>
    private async Task NotifyAsync(Guid associationId)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO notification (id, association_id, kind, data) VALUES (gen_random_uuid(), @association, 'proposal_received', '{\"listingTitle\": \"Saal\"}')", conn);
        command.Parameters.AddWithValue("association", associationId);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A webhook receiver on loopback that answers every request with <see cref="Answer"/>.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener listener = new();
        private int requests;

        public Receiver()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/hook";
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public HttpStatusCode Answer { get; set; } = HttpStatusCode.InternalServerError;

        public async Task WaitForRequestsAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Volatile.Read(ref requests) < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"The receiver got {requests} requests, not {count}.");
                await Task.Delay(100);
            }
        }

        public void Dispose() => listener.Close();

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                context.Response.StatusCode = (int)Answer;
                context.Response.Close();
                Interlocked.Increment(ref requests);
            }
        }
    }
}
