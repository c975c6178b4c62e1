using Dapper;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ResourceShare.Infrastructure.Mail;

/// <summary>The person a mail goes to, as they are when it is sent.</summary>
public sealed record MailRecipient(Guid UserId, string Email, string DisplayName, string PreferredLanguage);

/// <summary>One event a mail tells of: the inbox entry, the association it concerns, and the listing if it concerns one.</summary>
public sealed record MailEvent(Guid NotificationId, string Kind, string Data, DateTime CreatedAt, string AssociationName, Guid? ListingId);

/// <summary>A mail about to be sent: one event, or the events of a day's digest (<see cref="DigestDay"/> set).</summary>
public sealed record MailToSend(Guid Id, MailRecipient To, DateOnly? DigestDay, IReadOnlyList<MailEvent> Events);

/// <summary>A mail's words: subject, plain text and HTML, and the one-click unsubscribe address (RFC 8058).</summary>
public sealed record ComposedMail(string Subject, string Text, string Html, string UnsubscribeUrl);

/// <summary>Writes a mail in its recipient's language.</summary>
public interface IMailComposer
{
    ComposedMail Compose(MailToSend mail);
}

/// <summary>
/// Sends pending mails one at a time, each in a transaction that holds its row (FOR UPDATE SKIP LOCKED) while it is
/// handed to the transport: senders on several instances never send one mail at the same time, and a sender that
/// dies mid-way releases the row, which another sends again (at least once). A failure is tried again after a pause
/// that doubles each time; a mail refused for good (an SMTP 5xx answer), or still failing after Mail:GiveUpHours,
/// is marked failed with the last error.
/// </summary>
public sealed class MailSender(
    NpgsqlDataSource dataSource, IMailComposer composer, MailTransport transport, IOptions<MailOptions> options, TimeProvider time,
    ILogger<MailSender> logger)
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromHours(1);

    /// <summary>Sends the next due mail; returns false when none is due.</summary>
    public async Task<bool> SendNextAsync(CancellationToken ct)
    {
        const string claim = """
            SELECT m.id, m.user_id, m.digest_day::timestamp AS digest_day, m.attempts, m.created_at,
                   u.email, u.display_name, u.preferred_language
              FROM mail m
              JOIN app_user u ON u.id = m.user_id
             WHERE m.status = 'pending' AND m.next_attempt_at <= now()
             ORDER BY m.next_attempt_at
             LIMIT 1
               FOR UPDATE OF m SKIP LOCKED
            """;
        const string events = """
            SELECT n.id AS notification_id, n.kind, n.data::text AS data, n.created_at, a.name AS association_name, n.listing_id
              FROM notification n
              JOIN association a ON a.id = n.association_id
             WHERE n.id = (SELECT notification_id FROM mail WHERE id = @Id)
                OR n.id IN (SELECT notification_id FROM mail_digest_item WHERE mail_id = @Id)
             ORDER BY n.created_at, n.id
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<ClaimedMail>(new CommandDefinition(claim, transaction: tx, cancellationToken: ct));
        if (row is null)
        {
            return false;
        }

        var told = (await conn.QueryAsync<MailEvent>(new CommandDefinition(events, new { row.Id }, tx, cancellationToken: ct))).AsList();
        if (told.Count == 0)
        {
            // The events were deleted (retention, dissolution) before their digest went out: nothing is left to tell.
            await conn.ExecuteAsync(new CommandDefinition("DELETE FROM mail WHERE id = @Id", new { row.Id }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return true;
        }

        var mail = new MailToSend(
            row.Id, new MailRecipient(row.UserId, row.Email, row.DisplayName, row.PreferredLanguage),
            row.DigestDay is { } day ? DateOnly.FromDateTime(day) : null, told);
        try
        {
            await transport.SendAsync(mail, composer.Compose(mail), ct);
            await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE mail SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = @Id",
                new { row.Id }, tx, cancellationToken: ct));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RecordFailureAsync(conn, tx, row, e, ct);
        }

        await tx.CommitAsync(ct);
        return true;
    }

    private async Task RecordFailureAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ClaimedMail row, Exception e, CancellationToken ct)
    {
        const string retry = "UPDATE mail SET attempts = attempts + 1, next_attempt_at = @Next, last_error = @Error WHERE id = @Id";
        const string giveUp = "UPDATE mail SET status = 'failed', failed_at = now(), attempts = attempts + 1, last_error = @Error WHERE id = @Id";
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var pause = TimeSpan.FromSeconds(settings.RetrySeconds * Math.Pow(2, Math.Min(row.Attempts, 20)));
        var next = now + (pause < MaxPause ? pause : MaxPause);
        var refused = e is SmtpCommandException { StatusCode: >= (SmtpStatusCode)500 };
        var error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
        if (refused || next > DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc).AddHours(settings.GiveUpHours))
        {
            logger.LogWarning(e, "Mail {MailId} given up after {Attempts} attempts", row.Id, row.Attempts + 1);
            await conn.ExecuteAsync(new CommandDefinition(giveUp, new { row.Id, Error = error }, tx, cancellationToken: ct));
            return;
        }

        logger.LogInformation("Mail {MailId} failed ({Error}); trying again at {Next:O}", row.Id, error, next);
        await conn.ExecuteAsync(new CommandDefinition(retry, new { row.Id, Next = next, Error = error }, tx, cancellationToken: ct));
    }

    private sealed record ClaimedMail(
        Guid Id, Guid UserId, DateTime? DigestDay, int Attempts, DateTime CreatedAt, string Email, string DisplayName, string PreferredLanguage);
}
