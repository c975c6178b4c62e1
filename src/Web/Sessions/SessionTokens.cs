using Dapper;
using Microsoft.Kiota.Abstractions;
using Npgsql;
using ResourceShare.Web.Api;
using ResourceShare.Web.ApiClient.Models;

namespace ResourceShare.Web.Sessions;

/// <summary>
/// The signed-in user's access token for the API calls of this request, refreshed on the server shortly before
/// it expires. A refresh holds the session row's lock, so that two requests of one session never present the
/// same (single-use) refresh token twice, whichever web instance serves them.
/// </summary>
public sealed class SessionTokens(
    NpgsqlDataSource dataSource, SessionStore store, IHttpContextAccessor accessor, ApiClientFactory clients, TimeProvider time)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);

    private Task<string?>? current;

    public Task<string?> AccessTokenAsync(CancellationToken ct) => current ??= LoadAsync(ct);

    /// <summary>Forgets the token of this request, after the API refused it.</summary>
    public void Reset() => current = null;

    private async Task<string?> LoadAsync(CancellationToken ct)
    {
        if (accessor.HttpContext?.User is not { } user || SessionStore.SessionIdOf(user) is not { } id)
        {
            return null;
        }

        const string sql = """
            SELECT access_token, access_expires_at, refresh_token
              FROM web_session
             WHERE id = @Id AND expires_at > @Now
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(sql, new { Id = id, Now = time.GetUtcNow() }, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        return row.AccessExpiresAt - Margin > time.GetUtcNow().UtcDateTime ? store.UnprotectToken(row.AccessToken) : await RefreshAsync(conn, id, ct);
    }

    private async Task<string?> RefreshAsync(NpgsqlConnection conn, Guid id, CancellationToken ct)
    {
        const string locked = """
            SELECT access_token, access_expires_at, refresh_token
              FROM web_session
             WHERE id = @Id
               FOR UPDATE
            """;
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(locked, new { Id = id }, tx, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        if (row.AccessExpiresAt - Margin > time.GetUtcNow().UtcDateTime)
        {
            await tx.CommitAsync(ct);
            return store.UnprotectToken(row.AccessToken);
        }

        TokenResponse? tokens;
        try
        {
            tokens = await clients.WithoutSession().Api.V1.Auth.Refresh.PostAsync(
                new RefreshRequest { RefreshToken = store.UnprotectToken(row.RefreshToken) }, cancellationToken: ct);
        }
        catch (ApiException refused) when (refused.ResponseStatusCode is 400 or 401)
        {
            // The refresh token was revoked (sign-out elsewhere, password change) or ran out: so has the session.
            const string end = """
                DELETE FROM web_session WHERE id = @Id
                """;
            await conn.ExecuteAsync(new CommandDefinition(end, new { Id = id }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return null;
        }

        const string update = """
            UPDATE web_session
               SET access_token = @AccessToken, access_expires_at = @AccessExpiresAt,
                   refresh_token = @RefreshToken, expires_at = @ExpiresAt
             WHERE id = @Id
            """;
        await conn.ExecuteAsync(new CommandDefinition(update, new
        {
            Id = id,
            AccessToken = store.ProtectToken(tokens!.AccessToken!),
            AccessExpiresAt = tokens.AccessTokenExpiresAt!.Value,
            RefreshToken = store.ProtectToken(tokens.RefreshToken!),
            ExpiresAt = tokens.RefreshTokenExpiresAt!.Value,
        }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return tokens.AccessToken;
    }

    // Npgsql reads timestamptz as a UTC DateTime.
    private sealed record TokenRow(byte[] AccessToken, DateTime AccessExpiresAt, byte[] RefreshToken);
}
