using static ResourceShare.Api.Tests.Authorization.Principal;

namespace ResourceShare.Api.Tests.Authorization;

/// <summary>
/// Issue 3's matrix: every endpoint of accounts and associations against every kind of caller, on association A.
/// Not allowed to see: 404; allowed to see but not to act: 403; no credentials: 401. API keys never reach user,
/// membership or key endpoints (403).
/// </summary>
public sealed class AccessMatrixTests(AuthorizationApp app) : IClassFixture<AuthorizationApp>
{
    public static TheoryData<string, Principal, int> Matrix => new()
    {
        { "POST /auth/logout", Anonymous, 401 },
        { "POST /auth/logout", Outsider, 204 },
        { "POST /auth/logout", Member, 204 },
        { "POST /auth/logout", Coordinator, 204 },
        { "POST /auth/logout", Owner, 204 },
        { "POST /auth/logout", Moderator, 204 },
        { "POST /auth/logout", KeyWithAllScopes, 403 },
        { "POST /auth/logout", KeyWithoutRelevantScope, 403 },
        { "POST /auth/logout", KeyOfOtherAssociation, 403 },

        { "GET /me", Anonymous, 401 },
        { "GET /me", Outsider, 200 },
        { "GET /me", Member, 200 },
        { "GET /me", Coordinator, 200 },
        { "GET /me", Owner, 200 },
        { "GET /me", Moderator, 200 },
        { "GET /me", KeyWithAllScopes, 403 },
        { "GET /me", KeyWithoutRelevantScope, 403 },
        { "GET /me", KeyOfOtherAssociation, 403 },

        { "PATCH /me", Anonymous, 401 },
        { "PATCH /me", Outsider, 200 },
        { "PATCH /me", Member, 200 },
        { "PATCH /me", Coordinator, 200 },
        { "PATCH /me", Owner, 200 },
        { "PATCH /me", Moderator, 200 },
        { "PATCH /me", KeyWithAllScopes, 403 },
        { "PATCH /me", KeyWithoutRelevantScope, 403 },
        { "PATCH /me", KeyOfOtherAssociation, 403 },

        { "POST /me/password", Anonymous, 401 },
        { "POST /me/password", Outsider, 204 },
        { "POST /me/password", Member, 204 },
        { "POST /me/password", Coordinator, 204 },
        { "POST /me/password", Owner, 204 },
        { "POST /me/password", Moderator, 204 },
        { "POST /me/password", KeyWithAllScopes, 403 },
        { "POST /me/password", KeyWithoutRelevantScope, 403 },
        { "POST /me/password", KeyOfOtherAssociation, 403 },

        { "POST /associations", Anonymous, 401 },
        { "POST /associations", Outsider, 201 },
        { "POST /associations", Member, 201 },
        { "POST /associations", Coordinator, 201 },
        { "POST /associations", Owner, 201 },
        { "POST /associations", Moderator, 201 },
        { "POST /associations", KeyWithAllScopes, 403 },
        { "POST /associations", KeyWithoutRelevantScope, 403 },
        { "POST /associations", KeyOfOtherAssociation, 403 },

        { "GET /associations", Anonymous, 200 },
        { "GET /associations", Outsider, 200 },
        { "GET /associations", Member, 200 },
        { "GET /associations", Coordinator, 200 },
        { "GET /associations", Owner, 200 },
        { "GET /associations", Moderator, 200 },
        { "GET /associations", KeyWithAllScopes, 200 },
        { "GET /associations", KeyWithoutRelevantScope, 200 },
        { "GET /associations", KeyOfOtherAssociation, 200 },

        { "GET /associations/{id}", Anonymous, 200 },
        { "GET /associations/{id}", Outsider, 200 },
        { "GET /associations/{id}", Member, 200 },
        { "GET /associations/{id}", Coordinator, 200 },
        { "GET /associations/{id}", Owner, 200 },
        { "GET /associations/{id}", Moderator, 200 },
        { "GET /associations/{id}", KeyWithAllScopes, 200 },
        { "GET /associations/{id}", KeyWithoutRelevantScope, 200 },
        { "GET /associations/{id}", KeyOfOtherAssociation, 200 },

        { "PATCH /associations/{id}", Anonymous, 401 },
        { "PATCH /associations/{id}", Outsider, 403 },
        { "PATCH /associations/{id}", Member, 403 },
        { "PATCH /associations/{id}", Coordinator, 200 },
        { "PATCH /associations/{id}", Owner, 200 },
        { "PATCH /associations/{id}", Moderator, 403 },
        { "PATCH /associations/{id}", KeyWithAllScopes, 403 },
        { "PATCH /associations/{id}", KeyWithoutRelevantScope, 403 },
        { "PATCH /associations/{id}", KeyOfOtherAssociation, 403 },

        { "GET /associations/{id}/members", Anonymous, 401 },
        { "GET /associations/{id}/members", Outsider, 403 },
        { "GET /associations/{id}/members", Member, 200 },
        { "GET /associations/{id}/members", Coordinator, 200 },
        { "GET /associations/{id}/members", Owner, 200 },
        { "GET /associations/{id}/members", Moderator, 200 },
        { "GET /associations/{id}/members", KeyWithAllScopes, 403 },
        { "GET /associations/{id}/members", KeyWithoutRelevantScope, 403 },
        { "GET /associations/{id}/members", KeyOfOtherAssociation, 403 },

        { "POST /associations/{id}/members", Anonymous, 401 },
        { "POST /associations/{id}/members", Outsider, 403 },
        { "POST /associations/{id}/members", Member, 403 },
        { "POST /associations/{id}/members", Coordinator, 403 },
        { "POST /associations/{id}/members", Owner, 201 },
        { "POST /associations/{id}/members", Moderator, 403 },
        { "POST /associations/{id}/members", KeyWithAllScopes, 403 },
        { "POST /associations/{id}/members", KeyWithoutRelevantScope, 403 },
        { "POST /associations/{id}/members", KeyOfOtherAssociation, 403 },

        { "PATCH /associations/{id}/members/{userId}", Anonymous, 401 },
        { "PATCH /associations/{id}/members/{userId}", Outsider, 403 },
        { "PATCH /associations/{id}/members/{userId}", Member, 403 },
        { "PATCH /associations/{id}/members/{userId}", Coordinator, 403 },
        { "PATCH /associations/{id}/members/{userId}", Owner, 200 },
        { "PATCH /associations/{id}/members/{userId}", Moderator, 403 },
        { "PATCH /associations/{id}/members/{userId}", KeyWithAllScopes, 403 },
        { "PATCH /associations/{id}/members/{userId}", KeyWithoutRelevantScope, 403 },
        { "PATCH /associations/{id}/members/{userId}", KeyOfOtherAssociation, 403 },

        { "DELETE /associations/{id}/members/{userId}", Anonymous, 401 },
        { "DELETE /associations/{id}/members/{userId}", Outsider, 403 },
        { "DELETE /associations/{id}/members/{userId}", Member, 403 },
        { "DELETE /associations/{id}/members/{userId}", Coordinator, 403 },
        { "DELETE /associations/{id}/members/{userId}", Owner, 204 },
        { "DELETE /associations/{id}/members/{userId}", Moderator, 403 },
        { "DELETE /associations/{id}/members/{userId}", KeyWithAllScopes, 403 },
        { "DELETE /associations/{id}/members/{userId}", KeyWithoutRelevantScope, 403 },
        { "DELETE /associations/{id}/members/{userId}", KeyOfOtherAssociation, 403 },

        { "POST /associations/{id}/api-keys", Anonymous, 401 },
        { "POST /associations/{id}/api-keys", Outsider, 403 },
        { "POST /associations/{id}/api-keys", Member, 403 },
        { "POST /associations/{id}/api-keys", Coordinator, 403 },
        { "POST /associations/{id}/api-keys", Owner, 201 },
        { "POST /associations/{id}/api-keys", Moderator, 403 },
        { "POST /associations/{id}/api-keys", KeyWithAllScopes, 403 },
        { "POST /associations/{id}/api-keys", KeyWithoutRelevantScope, 403 },
        { "POST /associations/{id}/api-keys", KeyOfOtherAssociation, 403 },

        { "GET /associations/{id}/api-keys", Anonymous, 401 },
        { "GET /associations/{id}/api-keys", Outsider, 403 },
        { "GET /associations/{id}/api-keys", Member, 403 },
        { "GET /associations/{id}/api-keys", Coordinator, 403 },
        { "GET /associations/{id}/api-keys", Owner, 200 },
        { "GET /associations/{id}/api-keys", Moderator, 403 },
        { "GET /associations/{id}/api-keys", KeyWithAllScopes, 403 },
        { "GET /associations/{id}/api-keys", KeyWithoutRelevantScope, 403 },
        { "GET /associations/{id}/api-keys", KeyOfOtherAssociation, 403 },

        { "DELETE /associations/{id}/api-keys/{keyId}", Anonymous, 401 },
        { "DELETE /associations/{id}/api-keys/{keyId}", Outsider, 403 },
        { "DELETE /associations/{id}/api-keys/{keyId}", Member, 403 },
        { "DELETE /associations/{id}/api-keys/{keyId}", Coordinator, 403 },
        { "DELETE /associations/{id}/api-keys/{keyId}", Owner, 204 },
        { "DELETE /associations/{id}/api-keys/{keyId}", Moderator, 403 },
        { "DELETE /associations/{id}/api-keys/{keyId}", KeyWithAllScopes, 403 },
        { "DELETE /associations/{id}/api-keys/{keyId}", KeyWithoutRelevantScope, 403 },
        { "DELETE /associations/{id}/api-keys/{keyId}", KeyOfOtherAssociation, 403 },
    };

    /// <summary>S is suspended: invisible (404) but to its members, its keys and moderators; moderators still may not act.</summary>
    public static TheoryData<string, Principal, int> SuspendedMatrix => new()
    {
        { "GET /associations/{id}", Anonymous, 404 },
        { "GET /associations/{id}", Outsider, 404 },
        { "GET /associations/{id}", Member, 404 },
        { "GET /associations/{id}", Owner, 200 },
        { "GET /associations/{id}", Moderator, 200 },
        { "GET /associations/{id}", KeyWithAllScopes, 404 },
        { "GET /associations/{id}", KeyOfOtherAssociation, 404 },

        { "PATCH /associations/{id}", Outsider, 404 },
        { "PATCH /associations/{id}", Member, 404 },
        { "PATCH /associations/{id}", Moderator, 403 },

        { "GET /associations/{id}/members", Outsider, 404 },
        { "GET /associations/{id}/members", Member, 404 },
        { "GET /associations/{id}/members", Owner, 200 },
        { "GET /associations/{id}/members", Moderator, 200 },

        { "POST /associations/{id}/members", Outsider, 404 },
        { "POST /associations/{id}/members", Moderator, 403 },
        { "PATCH /associations/{id}/members/{userId}", Outsider, 404 },
        { "PATCH /associations/{id}/members/{userId}", Moderator, 403 },
        { "DELETE /associations/{id}/members/{userId}", Outsider, 404 },
        { "DELETE /associations/{id}/members/{userId}", Moderator, 403 },

        { "POST /associations/{id}/api-keys", Outsider, 404 },
        { "POST /associations/{id}/api-keys", Moderator, 403 },
        { "GET /associations/{id}/api-keys", Outsider, 404 },
        { "GET /associations/{id}/api-keys", Moderator, 403 },
        { "DELETE /associations/{id}/api-keys/{keyId}", Outsider, 404 },
        { "DELETE /associations/{id}/api-keys/{keyId}", Moderator, 403 },
    };

    private static readonly string[] AssociationEndpoints =
    [
        "GET /associations/{id}", "PATCH /associations/{id}", "GET /associations/{id}/members", "POST /associations/{id}/members",
        "PATCH /associations/{id}/members/{userId}", "DELETE /associations/{id}/members/{userId}", "POST /associations/{id}/api-keys",
        "GET /associations/{id}/api-keys", "DELETE /associations/{id}/api-keys/{keyId}",
    ];

    /// <summary>Every endpoint on an association that does not exist, for every signed-in user; the public profile for everybody.</summary>
    public static TheoryData<string, Principal> UnknownAssociationRows
    {
        get
        {
            var rows = new TheoryData<string, Principal>();
            foreach (var endpoint in AssociationEndpoints)
            {
                foreach (var principal in new[] { Outsider, Member, Coordinator, Owner, Moderator })
                {
                    rows.Add(endpoint, principal);
                }
            }

            foreach (var principal in new[] { Anonymous, KeyWithAllScopes, KeyWithoutRelevantScope, KeyOfOtherAssociation })
            {
                rows.Add("GET /associations/{id}", principal);
            }

            return rows;
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public Task Endpoint_called_by_principal_answers_the_status_of_the_matrix(string endpoint, Principal principal, int expected) =>
        AnswersAsync(endpoint, app.AssociationId, principal, expected);

    [Theory]
    [MemberData(nameof(SuspendedMatrix))]
    public Task Suspended_association_called_by_principal_answers_the_status_of_the_matrix(string endpoint, Principal principal, int expected) =>
        AnswersAsync(endpoint, app.SuspendedAssociationId, principal, expected);

    [Theory]
    [MemberData(nameof(UnknownAssociationRows))]
    public Task Unknown_association_is_404_for_everybody(string endpoint, Principal principal) =>
        AnswersAsync(endpoint, Guid.CreateVersion7(), principal, 404);

    private async Task AnswersAsync(string endpoint, Guid associationId, Principal principal, int expected)
    {
        using var request = await app.RequestAsync(endpoint, associationId);
        // Signing out and a password change end every session of the user: a stand-in of the same kind sends them,
        // so that the scenario's own users stay signed in for the other rows.
        var client = endpoint is "POST /auth/logout" or "POST /me/password" ? await app.StandInForAsync(principal) : app.ClientFor(principal);

        using var response = await client.SendAsync(request);

        await Expect.StatusAsync(response, expected);
    }
}
