using Dapper;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;

namespace ResourceShare.Infrastructure.Database;

/// <summary>
/// Parameters of the SQL function caller_may(association_id, @UserId, @Roles, @KeyAssociationId,
/// @KeyAllowed, @Oversee), built from the caller and the permission through the domain's policy table.
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

    private static bool IsRead(Permission permission) => permission is Permission.ReadPrivate or Permission.ReadListings;
}
