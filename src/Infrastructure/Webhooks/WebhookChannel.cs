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
    public Task AcceptAsync(NpgsqlConnection conn, NpgsqlTransaction tx, OutboxEvent e, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO webhook_message (id, endpoint_id, event_type, payload, expires_at)
            SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), id, @Type, @Payload, now() + @Window
              FROM webhook_endpoint
             WHERE association_id = @AssociationId AND enabled AND @Type = ANY(event_types)
            """;
        var type = EnumText<NotificationKind>.Of(e.Kind);
        return conn.ExecuteAsync(new CommandDefinition(
            sql, new { Type = type, Payload = Payload(type, e), e.AssociationId, Window = settings.RetryWindow }, tx, cancellationToken: ct));
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
