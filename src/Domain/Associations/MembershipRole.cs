namespace ResourceShare.Domain.Associations;

/// <summary>
/// A user's role in one association: owners manage members and API keys; coordinators and owners manage
/// listings and matches; members read.
/// </summary>
public enum MembershipRole
{
    Owner,
    Coordinator,
    Member,
}
