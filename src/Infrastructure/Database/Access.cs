using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;

namespace ResourceShare.Infrastructure.Database;

/// <summary>
/// Why a write on an association found no row: it is not there (for this caller), not theirs to change, changed
/// meanwhile, or suspended by the moderators (for what a suspended association may not start).
/// </summary>
public enum Refusal
{
    NotFound,
    Forbidden,
    VersionMismatch,
    Suspended,
}

/// <summary>
/// Who may do what on an association, for every store: the parameters of the SQL function caller_may(association_id,
/// @UserId, @Roles, @KeyAssociationId, @KeyAllowed, @Oversee), built from the caller and the permission through the
/// domain's policy table, and the check of one association before a store reads or writes in its name.
/// </summary>
public static class Access
{
    public static DynamicParameters Parameters(Caller caller, Permission permission, object? more = null)
    {
        var parameters = new DynamicParameters(more);
        parameters.AddDynamicParams(new
        {
            caller.UserId,
            Roles = EnumText<MembershipRole>.Of(AccessPolicy.RolesFor(permission)),
            caller.KeyAssociationId,
            KeyAllowed = caller.KeyAllows(permission),
            Oversee = IsRead(permission) && caller.IsModerator,
        });
        return parameters;
    }

    /// <summary>
    /// Decides whether <paramref name="caller"/> may take <paramref name="permission"/> on the association:
    /// null when allowed; otherwise whether it is invisible to them (404), visible but not theirs to change
    /// (403), suspended while <paramref name="starting"/> something new (403), or changed since they read it
    /// (412). <paramref name="lockRow"/> first locks the association row until the transaction ends,
    /// serialising changes that must see each other, and then decides.
    /// </summary>
    public static async Task<Refusal?> AuthorizeAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, Caller caller, Permission permission, int? expectedVersion = null,
        bool lockRow = false, bool starting = false, CancellationToken ct = default)
    {
        const string sql = """
            SELECT a.version,
                   a.verification_status <> 'suspended' OR caller_may(a.id, @UserId, @ReadRoles, @KeyAssociationId, @KeyReads, @Oversee) AS visible,
                   caller_may(a.id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false) AS allowed,
                   a.verification_status = 'suspended' AS suspended
              FROM association a
             WHERE a.id = @Id AND a.dissolved_at IS NULL
            """;
        // The lock is a statement of its own: under READ COMMITTED a statement sees what was committed when it
        // began, so a check in the locking statement itself would judge the caller by the memberships from
        // before the wait (an owner demoted meanwhile would still pass).
        const string lockSql = "SELECT 1 FROM association WHERE id = @Id FOR UPDATE";
        if (lockRow)
        {
            await conn.ExecuteAsync(new CommandDefinition(lockSql, new { Id = id }, tx, cancellationToken: ct));
        }

        var parameters = Access.Parameters(caller, permission, new
        {
            Id = id,
            ReadRoles = EnumText<MembershipRole>.Of(AccessPolicy.RolesFor(Permission.ReadPrivate)),
            KeyReads = caller.KeyAllows(Permission.ReadPrivate),
        });
        parameters.Add("Oversee", caller.IsModerator);
        var state = await conn.QuerySingleOrDefaultAsync<AccessRow>(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));
        return state switch
        {
            null or { Visible: false } => Refusal.NotFound,
            { Allowed: false } => Refusal.Forbidden,
            { Suspended: true } when starting => Refusal.Suspended,
            _ when expectedVersion is not null && state.Version != expectedVersion => Refusal.VersionMismatch,
            _ => null,
        };
    }

    private static bool IsRead(Permission permission) => permission is Permission.ReadPrivate or Permission.ReadListings;

    private sealed record AccessRow(int Version, bool Visible, bool Allowed, bool Suspended);
}
