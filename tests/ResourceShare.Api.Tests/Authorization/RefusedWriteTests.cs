using System.Net.Http.Json;
using ResourceShare.Domain.Accounts;
using static ResourceShare.Api.Tests.Authorization.Principal;

namespace ResourceShare.Api.Tests.Authorization;

/// <summary>A refused write changes nothing: each test reads the data back as the owner.</summary>
public sealed class RefusedWriteTests(AuthorizationApp app) : IClassFixture<AuthorizationApp>
{
    /// <summary>Everybody who may not edit A's profile.</summary>
    public static TheoryData<Principal, int> NotEditors => new()
    {
        { Anonymous, 401 },
        { Outsider, 403 },
        { Member, 403 },
        { Moderator, 403 },
        { KeyWithAllScopes, 403 },
        { KeyOfOtherAssociation, 403 },
    };

    /// <summary>Everybody who may not manage A's members and keys.</summary>
    public static TheoryData<Principal, int> NotOwners => new()
    {
        { Anonymous, 401 },
        { Outsider, 403 },
        { Member, 403 },
        { Coordinator, 403 },
        { Moderator, 403 },
        { KeyWithAllScopes, 403 },
        { KeyOfOtherAssociation, 403 },
    };

    private string Association => $"/api/v1/associations/{app.AssociationId}";

    private string OtherAssociation => $"/api/v1/associations/{app.OtherAssociationId}";

    [Theory]
    [MemberData(nameof(NotEditors))]
    public async Task Refused_profile_change_leaves_the_profile_as_it_was(Principal principal, int expected)
    {
        var before = await ProfileAsync();

        using var response = await app.ClientFor(principal).PatchAsJsonAsync(Association,
            new { name = "Taken over", description = "Defaced", contactEmail = "attacker@example.org", website = "https://attacker.example" });

        await Expect.StatusAsync(response, expected);
        Assert.Equal(before, await ProfileAsync());
    }

    [Fact]
    public async Task Outsider_with_a_stale_If_Match_learns_403_not_412()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, Association) { Content = JsonContent.Create(new { description = "Defaced" }) };
        request.Headers.IfMatch.ParseAdd("\"999\"");

        using var response = await app.Outsider.Client.SendAsync(request);

        await Expect.StatusAsync(response, 403);
    }

    [Theory]
    [MemberData(nameof(NotOwners))]
    public async Task Refused_member_addition_adds_nobody(Principal principal, int expected)
    {
        var candidate = await app.RegisterAsync("candidate");

        using var response = await app.ClientFor(principal).PostAsJsonAsync($"{Association}/members", new { email = candidate.Email, role = "owner" });

        await Expect.StatusAsync(response, expected);
        Assert.Null(await RoleOfAsync(candidate.Id));
    }

    [Theory]
    [MemberData(nameof(NotOwners))]
    public async Task Refused_role_change_keeps_the_role(Principal principal, int expected)
    {
        var target = await app.AddMemberAsync(app.Owner, app.AssociationId, "member");

        using var response = await app.ClientFor(principal).PatchAsJsonAsync($"{Association}/members/{target.Id}", new { role = "owner" });

        await Expect.StatusAsync(response, expected);
        Assert.Equal("member", await RoleOfAsync(target.Id));
    }

    [Theory]
    [MemberData(nameof(NotOwners))]
    public async Task Refused_member_removal_keeps_the_member(Principal principal, int expected)
    {
        var target = await app.AddMemberAsync(app.Owner, app.AssociationId, "member");

        using var response = await app.ClientFor(principal).DeleteAsync($"{Association}/members/{target.Id}");

        await Expect.StatusAsync(response, expected);
        Assert.Equal("member", await RoleOfAsync(target.Id));
    }

    [Theory]
    [MemberData(nameof(NotOwners))]
    public async Task Refused_key_revocation_leaves_the_key_working(Principal principal, int expected)
    {
        var key = await app.NewApiKeyAsync(app.Owner, app.AssociationId, ApiKeyScope.ListingsRead);

        using var response = await app.ClientFor(principal).DeleteAsync($"{Association}/api-keys/{key.Id}");

        await Expect.StatusAsync(response, expected);
        await AssertKeyWorksAsync(key);
    }

    [Fact]
    public async Task Member_cannot_make_themselves_owner()
    {
        var member = await app.AddMemberAsync(app.Owner, app.AssociationId, "member");

        using var response = await member.Client.PatchAsJsonAsync($"{Association}/members/{member.Id}", new { role = "owner" });

        await Expect.StatusAsync(response, 403);
        Assert.Equal("member", await RoleOfAsync(member.Id));
    }

    [Fact]
    public async Task Member_may_leave_the_association()
    {
        var member = await app.AddMemberAsync(app.Owner, app.AssociationId, "member");

        using var response = await member.Client.DeleteAsync($"{Association}/members/{member.Id}");

        await Expect.StatusAsync(response, 204);
        Assert.Null(await RoleOfAsync(member.Id));
    }

    [Fact]
    public async Task Owner_of_another_association_cannot_reach_a_member_through_their_own()
    {
        var target = await app.AddMemberAsync(app.Owner, app.AssociationId, "member");

        using var promote = await app.Outsider.Client.PatchAsJsonAsync($"{OtherAssociation}/members/{target.Id}", new { role = "owner" });
        using var remove = await app.Outsider.Client.DeleteAsync($"{OtherAssociation}/members/{target.Id}");

        await Expect.StatusAsync(promote, 404);
        await Expect.StatusAsync(remove, 404);
        Assert.Equal("member", await RoleOfAsync(target.Id));
    }

    [Fact]
    public async Task Owner_of_another_association_cannot_revoke_a_key_through_their_own()
    {
        var key = await app.NewApiKeyAsync(app.Owner, app.AssociationId, ApiKeyScope.ListingsRead);

        using var response = await app.Outsider.Client.DeleteAsync($"{OtherAssociation}/api-keys/{key.Id}");

        await Expect.StatusAsync(response, 404);
        await AssertKeyWorksAsync(key);
    }

    private async Task<(string? ETag, string Body)> ProfileAsync()
    {
        using var response = await app.Owner.Client.GetAsync(Association);
        await Expect.StatusAsync(response, 200);
        return (response.Headers.ETag?.Tag, await response.Content.ReadAsStringAsync());
    }

    private async Task<string?> RoleOfAsync(Guid userId)
    {
        using var response = await app.Owner.Client.GetAsync($"{Association}/members");
        var members = await Expect.StatusAsync(response, 200);
        return members.GetProperty("items").EnumerateArray()
            .Where(m => m.GetProperty("userId").GetGuid() == userId)
            .Select(m => m.GetProperty("role").GetString())
            .SingleOrDefault();
    }

    private async Task AssertKeyWorksAsync(TestApiKey key)
    {
        using var client = app.CreateClientWithApiKey(key.Key);
        using var response = await client.GetAsync(Association);
        var profile = await Expect.StatusAsync(response, 200);
        Assert.Equal(app.ContactEmail, profile.GetProperty("contactEmail").GetString());
    }
}
