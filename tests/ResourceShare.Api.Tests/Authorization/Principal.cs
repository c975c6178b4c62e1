namespace ResourceShare.Api.Tests.Authorization;

/// <summary>Who calls, seen from association A of the <see cref="AuthorizationApp"/> scenario.</summary>
public enum Principal
{
    Anonymous,

    /// <summary>Owner of another association, B.</summary>
    Outsider,
    Member,
    Coordinator,
    Owner,
    Moderator,
    KeyWithAllScopes,

    /// <summary>A key of A with listings:write only: no scope that reads private data.</summary>
    KeyWithoutRelevantScope,
    KeyOfOtherAssociation,
}
