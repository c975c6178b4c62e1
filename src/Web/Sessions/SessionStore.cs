using System.Security.Claims;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace ResourceShare.Web.Sessions;

/// <summary>
/// Server-side sessions for the cookie handler: the cookie carries only the (encrypted) id of a web_session row,
/// which holds the signed-in principal and the user's API tokens. Removing the row ends the session for every
/// copy of the cookie.
/// </summary>
public sealed class SessionStore(NpgsqlDataSource dataSource, IDataProtectionProvider protection, TimeProvider time) : ITicketStore
{
    public const string SessionIdClaim = "rs_sid";

    private readonly IDataProtector protector = protection.CreateProtector("ResourceShare.Web.Sessions.v1");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var tokens = SignInTokens.TakeFrom(ticket.Properties)
            ?? throw new InvalidOperationException("A session starts only with the tokens of a sign-in.");
        var id = Guid.CreateVersion7();
        ((ClaimsIdentity)ticket.Principal.Identity!).AddClaim(new Claim(SessionIdClaim, id.ToString()));

        const string sql = """
            WITH expired AS (DELETE FROM web_session WHERE expires_at < now())
            INSERT INTO web_session (id, user_id, ticket, access_token, access_expires_at, refresh_token, expires_at)
            VALUES (@Id, @UserId, @Ticket, @AccessToken, @AccessExpiresAt, @RefreshToken, @ExpiresAt)
            """;
        await using var conn = await dataSource.OpenConnectionAsync();
        await conn.ExecuteAsync(new CommandDefinition(sql, new
        {
            Id = id,
            UserId = Guid.Parse(ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier)!),
            Ticket = Protect(ticket),
            AccessToken = ProtectToken(tokens.AccessToken),
            tokens.AccessExpiresAt,
            RefreshToken = ProtectToken(tokens.RefreshToken),
            ExpiresAt = tokens.RefreshExpiresAt,
        }));
        return id.ToString();
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        if (!Guid.TryParse(key, out var id))
        {
            return;
        }

        const string sql = """
            UPDATE web_session SET ticket = @Ticket WHERE id = @Id
            """;
        await using var conn = await dataSource.OpenConnectionAsync();
        await conn.ExecuteAsync(new CommandDefinition(sql, new { Id = id, Ticket = Protect(ticket) }));
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (!Guid.TryParse(key, out var id))
        {
            return null;
        }

        const string sql = """
            SELECT ticket FROM web_session WHERE id = @Id AND expires_at > @Now
            """;
        await using var conn = await dataSource.OpenConnectionAsync();
        var ticket = await conn.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(sql, new { Id = id, Now = time.GetUtcNow() }));
        return ticket is null ? null : TicketSerializer.Default.Deserialize(protector.Unprotect(ticket));
    }

    public async Task RemoveAsync(string key)
    {
        if (Guid.TryParse(key, out var id))
        {
            await RemoveAsync(id, CancellationToken.None);
        }
    }

    public async Task RemoveAsync(Guid id, CancellationToken ct)
    {
        const string sql = """
            DELETE FROM web_session WHERE id = @Id
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { Id = id }, cancellationToken: ct));
    }

    internal byte[] ProtectToken(string token) => protector.Protect(Encoding.UTF8.GetBytes(token));

    internal string UnprotectToken(byte[] token) => Encoding.UTF8.GetString(protector.Unprotect(token));

    private byte[] Protect(AuthenticationTicket ticket) => protector.Protect(TicketSerializer.Default.Serialize(ticket));

    public static Guid? SessionIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SessionIdClaim), out var id) ? id : null;
}

/// <summary>
/// The tokens of a sign-in, handed to the session store in the sign-in's properties; the store takes them out
/// before the ticket is serialized, so they never reach the cookie.
/// </summary>
public sealed record SignInTokens(string AccessToken, DateTimeOffset AccessExpiresAt, string RefreshToken, DateTimeOffset RefreshExpiresAt)
{
    private const string AccessKey = ".rs.access", AccessExpiresKey = ".rs.access_expires";
    private const string RefreshKey = ".rs.refresh", RefreshExpiresKey = ".rs.refresh_expires";

    public void PutInto(AuthenticationProperties properties)
    {
        properties.Items[AccessKey] = AccessToken;
        properties.Items[AccessExpiresKey] = AccessExpiresAt.ToString("O");
        properties.Items[RefreshKey] = RefreshToken;
        properties.Items[RefreshExpiresKey] = RefreshExpiresAt.ToString("O");
    }

    public static SignInTokens? TakeFrom(AuthenticationProperties properties)
    {
        var items = properties.Items;
        var found = items.Remove(AccessKey, out var access) & items.Remove(AccessExpiresKey, out var accessExpires)
            & items.Remove(RefreshKey, out var refresh) & items.Remove(RefreshExpiresKey, out var refreshExpires);
        return found && access is not null && refresh is not null
            ? new SignInTokens(access, DateTimeOffset.Parse(accessExpires!, System.Globalization.CultureInfo.InvariantCulture),
                refresh, DateTimeOffset.Parse(refreshExpires!, System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }
}
