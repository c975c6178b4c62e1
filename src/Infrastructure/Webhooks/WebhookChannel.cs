using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Outbox;

namespace ResourceShare.Infrastructure.Webhooks;

/// <summary>
/// The webhook channel of the outbox: one message per event and enabled endpoint of the event's association that
/// chose the event's type, written in the dispatcher's transaction; the webhook senders deliver it from there.
/// </summary>
public sealed class WebhookChannel(WebhookSettings settings) : IOutboxChannel
{
    public Task AcceptAsync(NpgsqlConnection conn, NpgsqlTransaction tx, OutboxEvent queued, CancellationToken ct) =>
        AcceptAllAsync(conn, tx, [queued], ct);

    /// <summary>One statement for the whole batch: the messages of every event for every endpoint that chose it.</summary>
    public Task AcceptAllAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<OutboxEvent> all, CancellationToken ct)
    {
        var events = all.Where(e => !IsMailedSearch(e)).ToList();
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }

        const string sql = """
            INSERT INTO webhook_message (id, endpoint_id, event_type, payload, expires_at)
            SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), w.id, e.type, e.payload, now() + @Window
              FROM unnest(@AssociationIds, @Types, @Payloads) WITH ORDINALITY AS e (association_id, type, payload, n)
              JOIN webhook_endpoint w ON w.association_id = e.association_id AND w.enabled AND e.type = ANY(w.event_types)
             ORDER BY e.n, w.id
            """;
        var types = events.Select(e => EnumText<NotificationKind>.Of(e.Kind)).ToArray();
        return conn.ExecuteAsync(new CommandDefinition(
            sql,
            new
            {
                AssociationIds = events.Select(e => e.AssociationId).ToArray(),
                Types = types,
                Payloads = events.Select((e, i) => Payload(types[i], e)).ToArray(),
                Window = settings.RetryWindow,
            },
            tx,
            cancellationToken: ct));
    }

    /// <summary>The finds of a saved search that its member chose to receive by email are not the association's to send on.</summary>
    private static bool IsMailedSearch(OutboxEvent e)
    {
        if (e.Kind != NotificationKind.SavedSearchMatched)
        {
            return false;
        }

        using var data = JsonDocument.Parse(e.Data);
        return !(data.RootElement.TryGetProperty("channel", out var channel) && channel.ValueEquals("webhook"));
    }

    /// <summary>The message body: the event's type, when it happened, and its data (README, Webhooks).</summary>
    public static string Payload(string type, OutboxEvent e)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WriteString("timestamp", DateTime.SpecifyKind(e.CreatedAt, DateTimeKind.Utc));
            json.WriteStartObject("data");
            json.WriteString("notificationId", e.NotificationId);
            json.WriteString("associationId", e.AssociationId);
            WriteOptional(json, "matchId", e.MatchId);
            WriteOptional(json, "listingId", e.ListingId);
            json.WritePropertyName("details");
            json.WriteRawValue(e.Data);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, Guid? value)
    {
        if (value is { } id)
        {
            json.WriteString(name, id);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
