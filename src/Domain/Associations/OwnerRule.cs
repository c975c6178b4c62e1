namespace ResourceShare.Domain.Associations;

/// <summary>An association always keeps at least one owner.</summary>
public static class OwnerRule
{
    /// <summary>
    /// Whether a member whose role is <paramref name="current"/> may become <paramref name="next"/>
    /// (null: leave or be removed), given how many owners the association has now.
    /// </summary>
    public static bool Allows(MembershipRole current, MembershipRole? next, int ownerCount) =>
        current != MembershipRole.Owner || next == MembershipRole.Owner || ownerCount > 1;
}
