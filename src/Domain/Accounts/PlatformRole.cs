namespace ResourceShare.Domain.Accounts;

/// <summary>A user's role on the platform as a whole, independent of any association.</summary>
public enum PlatformRole
{
    Member,
    Moderator,
    Admin,
}
