using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Database;

/// <summary>
/// The API serves requests as a role with data rights only; the schema belongs to the role that migrates. The
/// whole suite runs the API as that role, which shows it can do everything the product needs; these tests show
/// what it cannot do.
/// </summary>
public sealed class DatabaseRoleTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private string DataRole => new NpgsqlConnectionStringBuilder(app.DataConnectionString).Username!;

    [Fact]
    public async Task The_api_under_test_connects_as_the_data_role_not_as_the_owner_of_the_schema()
    {
        await app.RegisterAsync();
        await using var conn = new NpgsqlConnection(app.ConnectionString);

        var owner = await conn.QuerySingleAsync<string>("SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'listing'");
        var apiRoles = (await conn.QueryAsync<string>(
            "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'resourceshare-api'")).ToList();

        Assert.Equal(DataRole, Assert.Single(apiRoles));
        Assert.NotEqual(owner, DataRole);
    }

    [Theory]
    [InlineData("CREATE TABLE intruder (id int)")]
    [InlineData("CREATE FUNCTION intruder() RETURNS int LANGUAGE sql RETURN 1")]
    [InlineData("ALTER TABLE listing ADD COLUMN intruder int")]
    [InlineData("DROP TABLE booking")]
    [InlineData("DROP TRIGGER audit_log_no_update_delete ON audit_log")]
    [InlineData("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete")]
    [InlineData("TRUNCATE listing")]
    [InlineData("TRUNCATE audit_log")]
    // WHERE false: no row for the trigger to refuse, so only the missing privilege can.
    [InlineData("UPDATE audit_log SET reason = 'changed' WHERE false")]
    [InlineData("DELETE FROM audit_log WHERE false")]
    [InlineData("DELETE FROM schema_migrations WHERE false")]
    [InlineData("UPDATE place SET name = name WHERE false")]
    [InlineData("SELECT grant_data_rights('resourceshare_app')")]
    public async Task The_data_role_is_refused_by_privilege(string sql)
    {
        await using var conn = new NpgsqlConnection(app.DataConnectionString);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task The_data_role_reads_and_writes_every_table_but_the_audit_log_journal_and_gazetteer_it_may_only_read_or_add_to()
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);

        var rights = (await conn.QueryAsync<(string Table, string Owner, bool Select, bool Insert, bool Update, bool Delete, bool Truncate)>(
            """
            SELECT tablename, tableowner,
                   has_table_privilege(@Role, oid, 'SELECT'), has_table_privilege(@Role, oid, 'INSERT'),
                   has_table_privilege(@Role, oid, 'UPDATE'), has_table_privilege(@Role, oid, 'DELETE'),
                   has_table_privilege(@Role, oid, 'TRUNCATE')
              FROM pg_tables t JOIN pg_class c ON c.relname = t.tablename AND c.relnamespace = 'public'::regnamespace
             WHERE schemaname = 'public'
            """,
            new { Role = DataRole })).ToDictionary(r => r.Table);

        Assert.Single(rights.Values.Select(r => r.Owner).Distinct());
        Assert.Equal((true, true, false, false, false), Rights(rights["audit_log"]));
        Assert.Equal((true, false, false, false, false), Rights(rights["schema_migrations"]));
        Assert.Equal((true, false, false, false, false), Rights(rights["place"]));
        Assert.All(
            rights.Values.Where(r => r.Table is not ("audit_log" or "schema_migrations" or "place")),
            r => Assert.Equal((true, true, true, true, false), Rights(r)));

        static (bool, bool, bool, bool, bool) Rights((string, string, bool Select, bool Insert, bool Update, bool Delete, bool Truncate) r) =>
            (r.Select, r.Insert, r.Update, r.Delete, r.Truncate);
    }

    [Fact]
    public async Task A_table_a_later_migration_creates_is_the_data_roles_to_read_and_write_from_the_start()
    {
        var table = "later_" + Guid.NewGuid().ToString("N");
        await using (var owner = new NpgsqlConnection(app.ConnectionString))
        {
            // What a later migration does, as the role that runs the migrations.
            await owner.ExecuteAsync($"CREATE TABLE {table} (id int PRIMARY KEY, note text)");
        }

        await using var api = new NpgsqlConnection(app.DataConnectionString);
        await api.ExecuteAsync($"INSERT INTO {table} VALUES (1, 'neu'); UPDATE {table} SET note = 'geändert'; DELETE FROM {table} WHERE id = 2");

        Assert.Equal("geändert", await api.QuerySingleAsync<string>($"SELECT note FROM {table}"));
        var truncate = await Assert.ThrowsAsync<PostgresException>(() => api.ExecuteAsync($"TRUNCATE {table}"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, truncate.SqlState);
    }
}
