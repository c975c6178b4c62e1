using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Domain.Accounts;

namespace ResourceShare.Api.Tests.Authorization;

/// <summary>A key as its owner sees it once: its id and its secret.</summary>
public sealed record TestApiKey(Guid Id, string Key);

/// <summary>
/// The API with one scenario, built once per test class: association A with an owner, a coordinator and a
/// member; association B, whose owner is the outsider; a moderator; keys of A (all scopes; listings:write
/// only) and of B; and association S, suspended, also owned by A's owner. Requests that would change the
/// scenario get throwaway targets (a new member, a new key), so every row finds it as it was.
/// </summary>
public sealed class AuthorizationApp : ResourceShareApp
{
    private readonly Dictionary<Principal, HttpClient> clients = [];

    public Guid AssociationId { get; private set; }

    public Guid OtherAssociationId { get; private set; }

    public Guid SuspendedAssociationId { get; private set; }

    public string AssociationName { get; } = $"Verein A {Guid.NewGuid():N}";

    public string SuspendedAssociationName { get; } = $"Verein S {Guid.NewGuid():N}";

    public string ContactEmail { get; } = $"contact-a-{Guid.NewGuid():N}@example.org";

    public string SuspendedContactEmail { get; } = $"contact-s-{Guid.NewGuid():N}@example.org";

    public TestUser Owner { get; private set; } = null!;

    public TestUser Coordinator { get; private set; } = null!;

    public TestUser Member { get; private set; } = null!;

    public TestUser Outsider { get; private set; } = null!;

    public TestUser Moderator { get; private set; } = null!;

    public TestApiKey KeyWithAllScopes { get; private set; } = null!;

    /// <summary>A key of S with all scopes, created before S was suspended.</summary>
    public TestApiKey SuspendedAssociationKey { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Owner = await RegisterAsync("owner");
        Outsider = await RegisterAsync("outsider");
        Moderator = await SignInWithRoleAsync("moderator");
        AssociationId = await CreateAssociationAsync(Owner, AssociationName);
        OtherAssociationId = await CreateAssociationAsync(Outsider);
        SuspendedAssociationId = await CreateAssociationAsync(Owner, SuspendedAssociationName);
        await SetContactEmailAsync(AssociationId, ContactEmail);
        await SetContactEmailAsync(SuspendedAssociationId, SuspendedContactEmail);
        Coordinator = await AddMemberAsync(Owner, AssociationId, "coordinator");
        Member = await AddMemberAsync(Owner, AssociationId, "member");
        KeyWithAllScopes = await NewApiKeyAsync(Owner, AssociationId, [.. ApiKeyScope.All]);
        var keyWithoutRelevantScope = await NewApiKeyAsync(Owner, AssociationId, ApiKeyScope.ListingsWrite);
        var keyOfOtherAssociation = await NewApiKeyAsync(Outsider, OtherAssociationId, [.. ApiKeyScope.All]);
        SuspendedAssociationKey = await NewApiKeyAsync(Owner, SuspendedAssociationId, [.. ApiKeyScope.All]);
        await SuspendAsync(SuspendedAssociationId);

        clients[Principal.Anonymous] = CreateClient();
        clients[Principal.Outsider] = Outsider.Client;
        clients[Principal.Member] = Member.Client;
        clients[Principal.Coordinator] = Coordinator.Client;
        clients[Principal.Owner] = Owner.Client;
        clients[Principal.Moderator] = Moderator.Client;
        clients[Principal.KeyWithAllScopes] = CreateClientWithApiKey(KeyWithAllScopes.Key);
        clients[Principal.KeyWithoutRelevantScope] = CreateClientWithApiKey(keyWithoutRelevantScope.Key);
        clients[Principal.KeyOfOtherAssociation] = CreateClientWithApiKey(keyOfOtherAssociation.Key);
    }

    public HttpClient ClientFor(Principal principal) => clients[principal];

    /// <summary>A new user in the same relation to A as <paramref name="principal"/> (the same client for nobody and keys).</summary>
    public async Task<HttpClient> StandInForAsync(Principal principal) => principal switch
    {
        Principal.Outsider => (await OutsiderOfNewAssociationAsync()).Client,
        Principal.Member => (await AddMemberAsync(Owner, AssociationId, "member")).Client,
        Principal.Coordinator => (await AddMemberAsync(Owner, AssociationId, "coordinator")).Client,
        Principal.Owner => (await AddMemberAsync(Owner, AssociationId, "owner")).Client,
        Principal.Moderator => (await SignInWithRoleAsync("moderator")).Client,
        _ => ClientFor(principal),
    };

    private async Task<TestUser> OutsiderOfNewAssociationAsync()
    {
        var outsider = await RegisterAsync("outsider");
        await CreateAssociationAsync(outsider);
        return outsider;
    }

    /// <summary>Creates an API key of the association and returns its id with the secret.</summary>
    public async Task<TestApiKey> NewApiKeyAsync(TestUser owner, Guid associationId, params string[] scopes)
    {
        var response = await owner.Client.PostAsJsonAsync($"/api/v1/associations/{associationId}/api-keys", new { name = "authorization", scopes });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new TestApiKey(body.GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    /// <summary>
    /// A request to <paramref name="endpoint"/>, written as in the matrix ("PATCH /associations/{id}"), on the
    /// association <paramref name="associationId"/>. On A or S the member, candidate or key it acts on is a new
    /// one, so a request that succeeds changes nothing shared; on an association that does not exist nothing can
    /// change, and it names the scenario's own.
    /// </summary>
    public async Task<HttpRequestMessage> RequestAsync(string endpoint, Guid associationId)
    {
        var association = $"/api/v1/associations/{associationId}";
        return endpoint switch
        {
            "POST /auth/register" => Request(HttpMethod.Post, "/api/v1/auth/register",
                new { email = $"new-{Guid.NewGuid():N}@example.org", password = Password, displayName = "New" }),
            "POST /auth/logout" => Request(HttpMethod.Post, "/api/v1/auth/logout"),
            "GET /me" => Request(HttpMethod.Get, "/api/v1/me"),
            "PATCH /me" => Request(HttpMethod.Patch, "/api/v1/me", new { displayName = "Renamed" }),
            "POST /me/password" => Request(HttpMethod.Post, "/api/v1/me/password", new { currentPassword = Password, newPassword = Password }),
            "POST /associations" => Request(HttpMethod.Post, "/api/v1/associations",
                new { name = $"Verein {Guid.NewGuid():N}", legalForm = "e.V.", postalCode = "60311", city = "Frankfurt am Main" }),
            "GET /associations" => Request(HttpMethod.Get, "/api/v1/associations"),
            "GET /associations/{id}" => Request(HttpMethod.Get, association),
            "PATCH /associations/{id}" => Request(HttpMethod.Patch, association, new { description = "Changed by the matrix" }),
            "GET /associations/{id}/members" => Request(HttpMethod.Get, $"{association}/members"),
            "POST /associations/{id}/members" => Request(HttpMethod.Post, $"{association}/members",
                new { email = await CandidateEmailAsync(associationId), role = "member" }),
            "PATCH /associations/{id}/members/{userId}" => Request(HttpMethod.Patch,
                $"{association}/members/{await ThrowawayMemberAsync(associationId)}", new { role = "coordinator" }),
            "DELETE /associations/{id}/members/{userId}" => Request(HttpMethod.Delete,
                $"{association}/members/{await ThrowawayMemberAsync(associationId)}"),
            "POST /associations/{id}/api-keys" => Request(HttpMethod.Post, $"{association}/api-keys",
                new { name = "matrix", scopes = new[] { ApiKeyScope.ListingsRead } }),
            "GET /associations/{id}/api-keys" => Request(HttpMethod.Get, $"{association}/api-keys"),
            "DELETE /associations/{id}/api-keys/{keyId}" => Request(HttpMethod.Delete,
                $"{association}/api-keys/{await ThrowawayKeyAsync(associationId)}"),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Not an endpoint of the matrix."),
        };
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, object? body = null) =>
        new(method, path) { Content = body is null ? null : JsonContent.Create(body) };

    private bool IsScenarios(Guid associationId) => associationId == AssociationId || associationId == SuspendedAssociationId;

    private async Task<string> CandidateEmailAsync(Guid associationId) =>
        IsScenarios(associationId) ? (await RegisterAsync("candidate")).Email : Outsider.Email;

    private async Task<Guid> ThrowawayMemberAsync(Guid associationId) =>
        IsScenarios(associationId) ? (await AddMemberAsync(Owner, associationId, "member")).Id : Member.Id;

    private async Task<Guid> ThrowawayKeyAsync(Guid associationId) =>
        associationId == SuspendedAssociationId ? await KeyFromBeforeTheSuspensionAsync()
        : IsScenarios(associationId) ? (await NewApiKeyAsync(Owner, associationId, ApiKeyScope.ListingsRead)).Id
        : KeyWithAllScopes.Id;

    /// <summary>A key of S as if made before its suspension: a suspended association cannot create keys.</summary>
    private async Task<Guid> KeyFromBeforeTheSuspensionAsync()
    {
        var id = Guid.CreateVersion7();
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.ExecuteAsync(
            "INSERT INTO api_key (id, association_id, name, prefix, key_hash, scopes) VALUES (@id, @associationId, 'matrix', 'rsk_matrix', @hash, '{listings:read}')",
            new { id, associationId = SuspendedAssociationId, hash = RandomNumberGenerator.GetBytes(32) });
        return id;
    }

    private async Task SetContactEmailAsync(Guid associationId, string email)
    {
        var response = await Owner.Client.PatchAsJsonAsync($"/api/v1/associations/{associationId}", new { contactEmail = email });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Suspends the association as a moderator would (moderation has no endpoint yet).</summary>
    private async Task SuspendAsync(Guid associationId)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(
            "UPDATE association SET verification_status = 'suspended', suspension_reason = 'test' WHERE id = @id", conn);
        command.Parameters.AddWithValue("id", associationId);
        await command.ExecuteNonQueryAsync();
    }
}
