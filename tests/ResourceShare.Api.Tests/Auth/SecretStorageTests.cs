using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Auth;

public sealed class SecretStorageTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private const string NewPassword = "Handkäs-mit-Musik-2025";

    private sealed record Column(string TableName, string ColumnName, string DataType);

    [Fact]
    public async Task No_password_refresh_token_or_api_key_is_stored_in_plain_text()
    {
        var user = await app.RegisterAsync("geheim");
        var anonymous = app.CreateClient();
        var refreshed = await (await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).JsonAsync(HttpStatusCode.OK);
        var change = await user.Client.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = user.Password, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        var owner = await app.SignInAsync(user.Email, NewPassword);
        var associationId = await app.CreateAssociationAsync(owner);
        var key = await app.CreateApiKeyAsync(owner, associationId, "listings:read");
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClientWithApiKey(key).GetAsync($"/api/v1/associations/{associationId}")).StatusCode);
        string[] secrets =
        [
            user.Password, NewPassword, user.RefreshToken, refreshed.GetProperty("refreshToken").GetString()!, owner.RefreshToken, key,
            user.AccessToken, owner.AccessToken,
        ];

        var found = await ColumnsContainingAsync(secrets);
        var control = await ColumnsContainingAsync([user.Email]);

        Assert.Empty(found);
        Assert.Contains("app_user.email", control);
    }

    /// <summary>Every text-like or bytea column of every table in which one of <paramref name="needles"/> occurs, as table.column.</summary>
    private async Task<List<string>> ColumnsContainingAsync(string[] needles)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        var columns = (await conn.QueryAsync<Column>("""
            SELECT c.table_name, c.column_name, c.data_type
              FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('text', 'character varying', 'character', 'bytea', 'ARRAY', 'json', 'jsonb')
            """)).AsList();
        Assert.Contains(columns, c => c is { TableName: "app_user", ColumnName: "password_hash" });
        Assert.Contains(columns, c => c is { TableName: "refresh_token", ColumnName: "token_hash", DataType: "bytea" });
        Assert.Contains(columns, c => c is { TableName: "api_key", ColumnName: "key_hash", DataType: "bytea" });

        var found = new List<string>();
        foreach (var column in columns)
        {
            var (table, value) = (Quote(column.TableName), $"{Quote(column.TableName)}.{Quote(column.ColumnName)}");
            var sql = column.DataType == "bytea"
                ? $"SELECT EXISTS (SELECT 1 FROM {table} WHERE EXISTS (SELECT 1 FROM unnest(@Bytes) n WHERE position(n IN {value}) > 0))"
                : $"SELECT EXISTS (SELECT 1 FROM {table} WHERE EXISTS (SELECT 1 FROM unnest(@Texts) n WHERE position(n IN {value}::text) > 0))";
            await using var command = new NpgsqlCommand(sql, conn);
            command.Parameters.AddWithValue("Bytes", needles.Select(Encoding.UTF8.GetBytes).ToArray());
            command.Parameters.AddWithValue("Texts", needles);
            if ((bool)(await command.ExecuteScalarAsync())!)
            {
                found.Add($"{column.TableName}.{column.ColumnName}");
            }
        }

        return found;
    }

    // Names come from information_schema, never from input; quoted so that any name is one identifier.
    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
