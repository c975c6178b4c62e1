using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Associations;

public enum MembershipOutcome
{
    Done,
    NotFound,
    Forbidden,
    NoSuchUser,
    AlreadyMember,
    NotMember,
    LastOwner,
}

/// <summary>
/// Membership changes. Each runs in a transaction that first locks the association row, so concurrent
/// changes to one association's members are serialised and "at least one owner" holds under races.
/// </summary>
public sealed class MembershipStore(NpgsqlDataSource dataSource)
{
    public async Task<(MembershipOutcome Outcome, MemberRow? Member)> AddAsync(
        Guid associationId, Caller caller, string email, MembershipRole role, CancellationToken ct)
    {
        const string insert = """
            INSERT INTO membership (association_id, user_id, role)
            SELECT @AssociationId, u.id, @Role FROM app_user u WHERE lower(u.email) = lower(@Email)
            ON CONFLICT (association_id, user_id) DO NOTHING
            RETURNING user_id
            """;
        const string userExists = "SELECT EXISTS (SELECT 1 FROM app_user WHERE lower(email) = lower(@Email))";

        await using var write = await WriteTransaction.BeginAsync(dataSource, ct);
        var (conn, tx) = write;
        var denied = await LockAndAuthorizeAsync(conn, tx, associationId, caller, ct);
        if (denied is not null)
        {
            return (denied.Value, null);
        }

        var userId = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            insert, new { AssociationId = associationId, Role = role, Email = email }, tx, cancellationToken: ct));
        if (userId is null)
        {
            var exists = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(userExists, new { Email = email }, tx, cancellationToken: ct));
            return (exists ? MembershipOutcome.AlreadyMember : MembershipOutcome.NoSuchUser, null);
        }

        var member = await MemberAsync(conn, tx, associationId, userId.Value, ct);
        await write.CommitAsync(ct);
        return (MembershipOutcome.Done, member);
    }

    public async Task<(MembershipOutcome Outcome, MemberRow? Member)> ChangeRoleAsync(
        Guid associationId, Caller caller, Guid userId, MembershipRole role, CancellationToken ct)
    {
        const string update = "UPDATE membership SET role = @Role WHERE association_id = @AssociationId AND user_id = @UserId";

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var denied = await LockAndAuthorizeAsync(conn, tx, associationId, caller, ct);
        if (denied is not null)
        {
            return (denied.Value, null);
        }

        var check = await CheckOwnerRuleAsync(conn, tx, associationId, userId, role, ct);
        if (check != MembershipOutcome.Done)
        {
            return (check, null);
        }

        await conn.ExecuteAsync(new CommandDefinition(update, new { AssociationId = associationId, UserId = userId, Role = role }, tx, cancellationToken: ct));
        var member = await MemberAsync(conn, tx, associationId, userId, ct);
        await tx.CommitAsync(ct);
        return (MembershipOutcome.Done, member);
    }

    /// <summary>Removes a member: owners remove anyone, every member may leave.</summary>
    public async Task<MembershipOutcome> RemoveAsync(Guid associationId, Caller caller, Guid userId, CancellationToken ct)
    {
        const string delete = "DELETE FROM membership WHERE association_id = @AssociationId AND user_id = @UserId";

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var leaving = caller.UserId == userId;
        var denied = await LockAndAuthorizeAsync(conn, tx, associationId, caller, ct, selfService: leaving);
        if (denied is not null)
        {
            return denied.Value;
        }

        var check = await CheckOwnerRuleAsync(conn, tx, associationId, userId, null, ct);
        if (check != MembershipOutcome.Done)
        {
            return check;
        }

        await conn.ExecuteAsync(new CommandDefinition(delete, new { AssociationId = associationId, UserId = userId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return MembershipOutcome.Done;
    }

    /// <summary>
    /// Locks the association and decides whether the caller may manage its members (or, for
    /// <paramref name="selfService"/>, act on their own membership, which every member may): null when allowed.
    /// </summary>
    private static async Task<MembershipOutcome?> LockAndAuthorizeAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, Guid associationId, Caller caller, CancellationToken ct, bool selfService = false)
    {
        var permission = selfService ? Permission.ReadPrivate : Permission.ManageMembers;
        return await Access.AuthorizeAsync(conn, tx, associationId, caller, permission, lockRow: true, ct: ct) switch
        {
            null => null,
            Refusal.Forbidden => MembershipOutcome.Forbidden,
            _ => MembershipOutcome.NotFound,
        };
    }

    private static async Task<MembershipOutcome> CheckOwnerRuleAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, Guid associationId, Guid userId, MembershipRole? next, CancellationToken ct)
    {
        const string sql = """
            SELECT (SELECT role FROM membership WHERE association_id = @AssociationId AND user_id = @UserId) AS role,
                   (SELECT count(*)::int FROM membership WHERE association_id = @AssociationId AND role = 'owner') AS owners
            """;
        var state = await conn.QuerySingleAsync<RoleAndOwners>(new CommandDefinition(sql, new { AssociationId = associationId, UserId = userId }, tx, cancellationToken: ct));
        if (state.Role is null)
        {
            return MembershipOutcome.NotMember;
        }

        return OwnerRule.Allows(EnumText<MembershipRole>.Parse(state.Role), next, state.Owners) ? MembershipOutcome.Done : MembershipOutcome.LastOwner;
    }

    private static Task<MemberRow> MemberAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid associationId, Guid userId, CancellationToken ct)
    {
        const string sql = """
            SELECT u.id AS user_id, u.display_name, u.email, m.role, m.created_at AS joined_at
              FROM membership m JOIN app_user u ON u.id = m.user_id
             WHERE m.association_id = @AssociationId AND m.user_id = @UserId
            """;
        return conn.QuerySingleAsync<MemberRow>(new CommandDefinition(sql, new { AssociationId = associationId, UserId = userId }, tx, cancellationToken: ct));
    }

    private sealed record RoleAndOwners(string? Role, int Owners);
}
