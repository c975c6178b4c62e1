using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Domain.Privacy;

namespace ResourceShare.Api.Tests.Privacy;

/// <summary>The personal data inventory and the migrated schema describe the same tables and columns.</summary>
public sealed class InventoryTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    [Fact]
    public async Task Every_column_of_every_table_is_classified()
    {
        var columns = await SchemaColumnsAsync();

        var unclassified = columns
            .Where(c => PersonalDataInventory.Find(c.Table) is not { } table || !table.Columns.Contains(c.Column))
            .Select(c => $"{c.Table}.{c.Column}")
            .ToList();

        Assert.True(unclassified.Count == 0,
            "Classify these columns in ResourceShare.Domain.Privacy.PersonalDataInventory: " + string.Join(", ", unclassified));
    }

    [Fact]
    public async Task The_inventory_names_no_column_the_schema_lacks()
    {
        var columns = (await SchemaColumnsAsync()).Select(c => $"{c.Table}.{c.Column}").ToHashSet();

        var stale = PersonalDataInventory.Tables.SelectMany(t => t.Columns.Select(c => $"{t.Name}.{c}")).Where(c => !columns.Contains(c)).ToList();

        Assert.Empty(stale);
    }

    [Fact]
    public async Task A_migration_adding_an_unclassified_column_fails_the_check()
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            await using (var conn = new NpgsqlConnection(database))
            {
                await conn.ExecuteAsync("ALTER TABLE app_user ADD COLUMN phone text");
            }

            var columns = await SchemaColumnsAsync(database);

            Assert.Contains(columns, c => c is { Table: "app_user", Column: "phone" } && !PersonalDataInventory.Find("app_user")!.Columns.Contains("phone"));
        }
        finally
        {
            await TestDatabase.DropAsync(database);
        }
    }

    [Fact]
    public void Every_table_states_purpose_and_retention_and_no_column_twice()
    {
        Assert.All(PersonalDataInventory.Tables, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Purpose), t.Name);
            Assert.False(string.IsNullOrWhiteSpace(t.Retention), t.Name);
            Assert.Equal(t.Columns.Count(), t.Columns.Distinct().Count());
        });
        Assert.Equal(PersonalDataInventory.Tables.Count, PersonalDataInventory.Tables.Select(t => t.Name).Distinct().Count());
    }

    private Task<List<SchemaColumn>> SchemaColumnsAsync() => SchemaColumnsAsync(app.ConnectionString);

    internal static async Task<List<SchemaColumn>> SchemaColumnsAsync(string connectionString)
    {
        // The schema's own tables: extensions' views and objects are not the product's data.
        const string sql = """
            SELECT c.table_name AS "Table", c.column_name AS "Column", c.data_type AS "Type"
              FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
             ORDER BY c.table_name, c.ordinal_position
            """;
        await using var conn = new NpgsqlConnection(connectionString);
        return (await conn.QueryAsync<SchemaColumn>(sql)).AsList();
    }

    internal sealed record SchemaColumn(string Table, string Column, string Type);
}
