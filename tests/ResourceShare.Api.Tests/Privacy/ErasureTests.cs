using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Privacy;

public sealed class ErasureTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    [Fact]
    public async Task An_erased_person_leaves_nothing_but_a_pseudonym_in_any_table()
    {
        var active = await app.ActivePersonAsync();
        var successor = await app.AddMemberAsync(active.Person, active.AssociationId, "coordinator");
        await (await active.Person.Client.PatchAsJsonAsync($"/api/v1/associations/{active.AssociationId}/members/{successor.Id}", new { role = "owner" }))
            .JsonAsync(HttpStatusCode.OK);

        var response = await EraseAsync(active.Person, active.Person.Password);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var traces = await TracesAsync(active.Person.Email, active.Name, active.Person.Id.ToString());
        Assert.True(traces.Count == 0, "Still found: " + string.Join("; ", traces));
        var pseudonym = await PseudonymOfMessageAsync(active.MatchId);
        Assert.NotEqual(active.Person.Id, pseudonym);
        Assert.Equal(PrivacyScenario.ReportComment, await ScalarAsync<string>("SELECT comment FROM report WHERE reporter_id = @Id::uuid", pseudonym.ToString()));
        Assert.Equal(PrivacyScenario.FeedbackComment, await ScalarAsync<string>("SELECT comment FROM feedback WHERE given_by = @Id::uuid", pseudonym.ToString()));
        Assert.True(await ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM audit_log WHERE actor_id = @Id::uuid AND action = 'api_key.created')", pseudonym.ToString()));
    }

    [Fact]
    public async Task After_erasure_the_other_side_keeps_the_conversation_and_the_person_can_neither_sign_in_nor_use_their_token()
    {
        var active = await app.ActivePersonAsync();
        var successor = await app.AddMemberAsync(active.Person, active.AssociationId, "owner");

        Assert.Equal(HttpStatusCode.NoContent, (await EraseAsync(active.Person, active.Person.Password)).StatusCode);

        var thread = await active.Partner.Owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/matches/{active.MatchId}/messages");
        Assert.Contains(thread.GetProperty("items").EnumerateArray(), m => m.Str("body") == PrivacyScenario.MessageBody);
        Assert.Equal(HttpStatusCode.Unauthorized, (await active.Person.Client.GetAsync("/api/v1/me")).StatusCode);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = active.Person.Email, password = active.Person.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await successor.Client.GetAsync($"/api/v1/associations/{active.AssociationId}/export")).StatusCode);
    }

    [Fact]
    public async Task The_last_owner_must_hand_over_or_dissolve_first()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);

        var problem = await ProblemAssert.IsAsync(await EraseAsync(owner, owner.Password), HttpStatusCode.Conflict);

        Assert.Equal(associationId, Assert.Single(problem.GetProperty("associationIds").EnumerateArray()).GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_or_missing_password_erases_nothing()
    {
        var user = await app.RegisterAsync();

        await ProblemAssert.ValidationAsync(await EraseAsync(user, "Falsches-Passwort-123"), "password");
        await ProblemAssert.ValidationAsync(await user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me") { Content = JsonContent.Create(new { }) }), "password");

        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Dissolving_an_association_erases_its_personal_data_and_frees_its_owner()
    {
        var active = await app.ActivePersonAsync();
        var member = await app.AddMemberAsync(active.Person, active.AssociationId, "member");

        var response = await DissolveAsync(active.Person, active.AssociationId, active.Person.Password);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.Client.GetAsync($"/api/v1/associations/{active.AssociationId}")).StatusCode);
        Assert.Null(await ScalarAsync<string?>("SELECT contact_email FROM association WHERE id = @Id::uuid", active.AssociationId.ToString()));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM membership WHERE association_id = @Id::uuid", active.AssociationId.ToString()));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM api_key WHERE association_id = @Id::uuid", active.AssociationId.ToString()));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM saved_search WHERE association_id = @Id::uuid", active.AssociationId.ToString()));
        Assert.Equal(0, await ScalarAsync<long>(
            "SELECT count(*) FROM listing WHERE association_id = @Id::uuid AND (street_address IS NOT NULL OR status IN ('draft', 'published'))",
            active.AssociationId.ToString()));
        Assert.Equal(HttpStatusCode.NoContent, (await EraseAsync(active.Person, active.Person.Password)).StatusCode);
    }

    [Fact]
    public async Task Only_an_owner_without_open_matches_dissolves()
    {
        var parties = await app.CreateMatchPartiesAsync();
        await app.ProposeAsync(parties);
        var coordinator = await app.AddMemberAsync(parties.Requester.Owner, parties.Requester.AssociationId, "coordinator");

        await ProblemAssert.IsAsync(await DissolveAsync(coordinator, parties.Requester.AssociationId, coordinator.Password), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(
            await DissolveAsync(parties.Requester.Owner, parties.Requester.AssociationId, parties.Requester.Owner.Password), HttpStatusCode.Conflict);
        await ProblemAssert.IsAsync(await DissolveAsync(parties.Requester.Owner, Guid.NewGuid(), parties.Requester.Owner.Password), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_reference_to_an_account_follows_its_pseudonym()
    {
        const string sql = """
            SELECT c.conrelid::regclass::text || ' ' || c.conname
              FROM pg_constraint c
             WHERE c.contype = 'f' AND c.confrelid = 'app_user'::regclass AND c.confupdtype <> 'c'
            """;
        await using var conn = new NpgsqlConnection(app.ConnectionString);

        var rigid = (await conn.QueryAsync<string>(sql)).ToList();

        Assert.True(rigid.Count == 0, "Give these foreign keys ON UPDATE CASCADE, so that erasure can replace the id: " + string.Join(", ", rigid));
    }

    private static Task<HttpResponseMessage> EraseAsync(TestUser user, string password) =>
        user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me") { Content = JsonContent.Create(new { password }) });

    private static Task<HttpResponseMessage> DissolveAsync(TestUser user, Guid associationId, string password) =>
        user.Client.PostAsJsonAsync($"/api/v1/associations/{associationId}/dissolve", new { password });

    /// <summary>Every row of every table of the schema, as text, that still contains one of the needles.</summary>
    private async Task<List<string>> TracesAsync(params string[] needles)
    {
        var tables = (await InventoryTests.SchemaColumnsAsync(app.ConnectionString)).Select(c => c.Table).Distinct().ToList();
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        var found = new List<string>();
        foreach (var table in tables)
        {
            // Table names come from the catalogue, quoted; the needles are parameters.
            var sql = $"SELECT t::text FROM \"{table}\" t WHERE strpos(lower(t::text), lower(@A)) > 0 OR strpos(lower(t::text), lower(@B)) > 0 OR strpos(t::text, @C) > 0";
            var rows = await conn.QueryAsync<string>(sql, new { A = needles[0], B = needles[1], C = needles[2] });
            found.AddRange(rows.Select(r => $"{table}: {r}"));
        }

        return found;
    }

    private async Task<Guid> PseudonymOfMessageAsync(Guid matchId) =>
        await ScalarAsync<Guid>("SELECT author_user_id FROM match_message WHERE match_id = @Id::uuid", matchId.ToString());

    private async Task<T> ScalarAsync<T>(string sql, string value)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        return (await conn.QuerySingleAsync<T>(sql, new { Id = value }))!;
    }
}
