using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Domain.Accounts;

namespace ResourceShare.Api.Tests.Authorization;

/// <summary>
/// Credentials that must not work: revoked, malformed or misplaced API keys, and access tokens that are
/// expired, not ours or tampered with. GET /me answers 200 to a user, 403 to a key and 401 to nobody, so
/// each answer shows how the credential was taken.
/// </summary>
public sealed class CredentialTests(AuthorizationApp app) : IClassFixture<AuthorizationApp>
{
    private const string Me = "/api/v1/me";

    /// <summary>The session version of a new account (the scenario's member never signs out).</summary>
    private const int FirstSession = 1;

    private string Association => $"/api/v1/associations/{app.AssociationId}";

    [Fact]
    public async Task Revoked_api_key_is_401_and_sees_no_private_data()
    {
        var key = await app.NewApiKeyAsync(app.Owner, app.AssociationId, ApiKeyScope.ListingsRead);
        using var client = app.CreateClientWithApiKey(key.Key);
        using (var beforeRevoking = await client.GetAsync(Me))
        {
            await Expect.StatusAsync(beforeRevoking, 403);
        }

        using var revoke = await app.Owner.Client.DeleteAsync($"{Association}/api-keys/{key.Id}");
        using var me = await client.GetAsync(Me);
        using var profile = await client.GetAsync(Association);

        await Expect.StatusAsync(revoke, 204);
        await Expect.StatusAsync(me, 401);
        Assert.DoesNotContain(app.ContactEmail, await profile.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_key_of_a_suspended_association_is_401()
    {
        using var client = app.CreateClientWithApiKey(app.SuspendedAssociationKey.Key);

        using var response = await client.GetAsync(Me);

        await Expect.StatusAsync(response, 401);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-api-key")]
    [InlineData("rsk_")]
    [InlineData("rsk_unknown-but-well-formed-0123456789abcdefghijklmnop")]
    [InlineData("Bearer rsk_unknown")]
    [InlineData("rsk_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Malformed_or_unknown_api_key_is_401(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Me);
        request.Headers.TryAddWithoutValidation("X-Api-Key", key);

        using var response = await app.CreateClient().SendAsync(request);

        await Expect.StatusAsync(response, 401);
    }

    [Fact]
    public async Task Two_api_keys_in_one_request_are_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Me);
        request.Headers.TryAddWithoutValidation("X-Api-Key", [app.KeyWithAllScopes.Key, app.KeyWithAllScopes.Key]);

        using var response = await app.CreateClient().SendAsync(request);

        await Expect.StatusAsync(response, 401);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("valid")]
    public async Task An_api_key_beside_a_bearer_token_is_401_whatever_the_token_and_wherever_it_is_sent(string token)
    {
        var bearer = token == "valid" ? app.Member.AccessToken : Forge("signed with another key");
        foreach (var path in new[] { $"{Association}/listings", Association })
        {
            using var keyAlone = app.CreateClientWithApiKey(app.KeyWithAllScopes.Key);
            await Expect.StatusAsync(await keyAlone.GetAsync(path), 200);
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("X-Api-Key", app.KeyWithAllScopes.Key);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);

            using var response = await app.CreateClient().SendAsync(request);

            var problem = await Expect.StatusAsync(response, 401);
            Assert.DoesNotContain(app.ContactEmail, problem.GetRawText());
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }
    }

    [Theory]
    [InlineData("api_key")]
    [InlineData("apiKey")]
    [InlineData("apikey")]
    [InlineData("x-api-key")]
    [InlineData("X-API-KEY")]
    [InlineData("api-key")]
    [InlineData("x_api_key")]
    [InlineData("key")]
    public async Task Api_key_in_the_query_string_is_400(string parameter)
    {
        using var response = await app.CreateClient().GetAsync($"{Association}?{parameter}={Uri.EscapeDataString(app.KeyWithAllScopes.Key)}");

        var problem = await Expect.StatusAsync(response, 400);
        Assert.DoesNotContain(app.ContactEmail, problem.GetRawText());
    }

    [Theory]
    [InlineData("valid", 200)]
    [InlineData("without a session version", 401)]
    [InlineData("of another session", 401)]
    [InlineData("expired", 401)]
    [InlineData("not yet valid", 401)]
    [InlineData("without expiry", 401)]
    [InlineData("signed with another key", 401)]
    [InlineData("unsigned, alg none", 401)]
    [InlineData("signed with HS384", 401)]
    [InlineData("for another audience", 401)]
    [InlineData("from another issuer", 401)]
    [InlineData("payload changed after signing", 401)]
    public async Task Access_token_works_only_when_current_intact_and_ours(string token, int expected)
    {
        using var client = app.CreateClientWithToken(Forge(token));

        using var response = await client.GetAsync(Me);

        await Expect.StatusAsync(response, expected);
        Assert.Equal(expected == 401, response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"));
    }

    /// <summary>An access token for the scenario's member, made the way the API makes them and then spoilt as <paramref name="kind"/> says.</summary>
    private string Forge(string kind)
    {
        var defaults = new AuthOptions();
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = defaults.Issuer,
            Audience = defaults.Audience,
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = app.Member.Id.ToString(), [Tokens.RoleClaim] = "member", [Tokens.SessionClaim] = FirstSession,
            },
            SigningCredentials = SignedWith(ResourceShareApp.SigningKey, SecurityAlgorithms.HmacSha256),
        };
        switch (kind)
        {
            case "without a session version":
                descriptor.Claims.Remove(Tokens.SessionClaim);
                break;
            case "of another session":
                descriptor.Claims[Tokens.SessionClaim] = FirstSession + 1;
                break;
            case "expired":
                (descriptor.IssuedAt, descriptor.NotBefore, descriptor.Expires) = (now.AddHours(-1), now.AddHours(-1), now.AddMinutes(-5));
                break;
            case "not yet valid":
                (descriptor.IssuedAt, descriptor.NotBefore, descriptor.Expires) = (now, now.AddMinutes(10), now.AddMinutes(15));
                break;
            case "without expiry":
                descriptor.Expires = null;
                break;
            case "signed with another key":
                descriptor.SigningCredentials = SignedWith("another-key-of-at-least-thirty-two-bytes-0123456789", SecurityAlgorithms.HmacSha256);
                break;
            case "unsigned, alg none":
                descriptor.SigningCredentials = null;
                break;
            case "signed with HS384":
                descriptor.SigningCredentials = SignedWith(ResourceShareApp.SigningKey, SecurityAlgorithms.HmacSha384);
                break;
            case "for another audience":
                descriptor.Audience = "another-api";
                break;
            case "from another issuer":
                descriptor.Issuer = "someone-else";
                break;
        }

        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
        return kind == "payload changed after signing" ? WithOwnerAsAdmin(token) : token;
    }

    /// <summary>The token with its payload rewritten to the owner as an admin, keeping the original signature.</summary>
    private string WithOwnerAsAdmin(string token)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["sub"] = app.Owner.Id.ToString();
        payload[Tokens.RoleClaim] = "admin";
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
    }

    private static SigningCredentials SignedWith(string key, string algorithm) =>
        new(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(key)), algorithm);
}
