using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace ResourceShare.Web.Sessions;

/// <summary>The data protection key ring in PostgreSQL (web_data_protection_key), shared by every web instance.</summary>
public sealed class DataProtectionKeyStore(NpgsqlDataSource dataSource) : IXmlRepository
{
    // The key manager calls these synchronously, once at start and when a key is added.
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        const string sql = """
            SELECT xml FROM web_data_protection_key ORDER BY created_at
            """;
        using var conn = dataSource.OpenConnection();
        return conn.Query<string>(new CommandDefinition(sql)).Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        const string sql = """
            INSERT INTO web_data_protection_key (friendly_name, xml)
            VALUES (@FriendlyName, @Xml)
            ON CONFLICT (friendly_name) DO NOTHING
            """;
        using var conn = dataSource.OpenConnection();
        conn.Execute(new CommandDefinition(sql, new { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) }));
    }
}
