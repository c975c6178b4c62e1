using Dapper;
using Npgsql;

namespace ResourceShare.Infrastructure.Demo;

public sealed record DemoAccount(string Email, string Password, string Description);

/// <summary>
/// A small believable network for trying the API locally. Fixed ids make loading idempotent: a second run
/// inserts nothing twice. Its passwords are public, so only the Development environment loads it.
/// </summary>
public static class DemoData
{
    private sealed record DemoUser(Guid Id, string Email, string Password, string DisplayName, string Language, string PlatformRole, string Description);

    private sealed record DemoAssociation(
        Guid Id, string Name, string LegalForm, string? RegisterCourt, string? RegisterNumber, string PostalCode, string City,
        string Description, string[] Languages, string? Website, string ContactEmail, string VerificationStatus);

    private sealed record DemoMembership(Guid AssociationId, Guid UserId, string Role);

    private static readonly DemoUser[] Users =
    [
        .. CoreUsers(),
        .. Enumerable.Range(0, DemoNetwork.GeneratedAssociations).Select(GeneratedOwner),
    ];

    private static DemoUser[] CoreUsers() =>
    [
        new(Id("0001"), "admin@demo.resourceshare.example", "Demo-Admin-2026!", "Aylin Admin", "de", "admin", "platform admin"),
        new(Id("0002"), "moderator@demo.resourceshare.example", "Demo-Moderator-2026!", "Mehmet Moderator", "de", "moderator", "moderator"),
        new(Id("0003"), "selam@demo.resourceshare.example", "Demo-Selam-2026!", "Selam Tesfaye", "ti", "member", "owner of Eritreischer Kulturverein Frankfurt"),
        new(Id("0004"), "darya@demo.resourceshare.example", "Demo-Darya-2026!", "Darya Ahmadi", "prs", "member", "owner of Afghanischer Frauenverein Kassel"),
        new(Id("0005"), "oleksandr@demo.resourceshare.example", "Demo-Oleksandr-2026!", "Oleksandr Koval", "uk", "member", "owner of Ukrainische Gemeinde Gießen"),
        new(Id("0006"), "fatma@demo.resourceshare.example", "Demo-Fatma-2026!", "Fatma Yılmaz", "tr", "member", "coordinator in Frankfurt, member in Gießen"),
    ];

    private static readonly DemoAssociation[] Associations =
    [
        .. CoreAssociations(),
        .. Enumerable.Range(0, DemoNetwork.GeneratedAssociations).Select(GeneratedAssociation),
    ];

    private static DemoAssociation[] CoreAssociations() =>
    [
        new(Id("0101"), "Eritreischer Kulturverein Frankfurt", "e.V.", "Amtsgericht Frankfurt am Main", "VR 15234", "60311", "Frankfurt am Main",
            "Kultur, Sprache und Beratung für eritreische Familien im Rhein-Main-Gebiet. Wir teilen unseren Saal und vermitteln Dolmetscherinnen für Tigrinya.",
            ["ti", "de", "ar", "en"], "https://ekv-frankfurt.example", "kontakt@ekv-frankfurt.example", "verified"),
        new(Id("0102"), "Afghanischer Frauenverein Kassel", "e.V.", "Amtsgericht Kassel", "VR 4711", "34117", "Kassel",
            "Begegnung, Deutschkurse und Übersetzungen (Dari, Paschtu) für Frauen und Familien in Nordhessen.",
            ["prs", "ps", "fa", "de"], null, "info@afv-kassel.example", "unverified"),
        new(Id("0103"), "Ukrainische Gemeinde Gießen", "e.V.", null, null, "35390", "Gießen",
            "Selbsthilfe, Kinderbetreuung und Kulturabende der ukrainischen Community in Mittelhessen.",
            ["uk", "ru", "de"], "https://ukr-giessen.example", "hallo@ukr-giessen.example", "verified"),
    ];

    private static readonly DemoMembership[] Memberships =
    [
        .. CoreMemberships(),
        .. Enumerable.Range(0, DemoNetwork.GeneratedAssociations).SelectMany(GeneratedMemberships),
    ];

    private static DemoMembership[] CoreMemberships() =>
    [
        new(Id("0101"), Id("0003"), "owner"),
        new(Id("0101"), Id("0006"), "coordinator"),
        new(Id("0102"), Id("0004"), "owner"),
        new(Id("0103"), Id("0005"), "owner"),
        new(Id("0103"), Id("0006"), "member"),
    ];

    public static async Task<IReadOnlyList<DemoAccount>> SeedAsync(NpgsqlDataSource dataSource, Func<string, string> hashPassword, CancellationToken ct)
    {
        const string user = """
            INSERT INTO app_user (id, email, display_name, preferred_language, platform_role, password_hash)
            VALUES (@Id, @Email, @DisplayName, @Language, @PlatformRole, @PasswordHash)
            ON CONFLICT DO NOTHING
            """;
        const string association = """
            INSERT INTO association (id, name, legal_form, register_court, register_number, postal_code, city, description,
                                     languages, website, contact_email, verification_status)
            VALUES (@Id, @Name, @LegalForm, @RegisterCourt, @RegisterNumber, @PostalCode, @City, @Description,
                    @Languages, @Website, @ContactEmail, @VerificationStatus)
            ON CONFLICT DO NOTHING
            """;
        const string membership = """
            INSERT INTO membership (association_id, user_id, role) VALUES (@AssociationId, @UserId, @Role)
            ON CONFLICT DO NOTHING
            """;
        const string existing = "SELECT id FROM app_user WHERE id = ANY(@Ids)";

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var present = (await conn.QueryAsync<Guid>(new CommandDefinition(existing, new { Ids = Users.Select(u => u.Id).ToArray() }, tx, cancellationToken: ct))).ToHashSet();
        foreach (var u in Users.Where(u => !present.Contains(u.Id)))
        {
            await conn.ExecuteAsync(new CommandDefinition(
                user, new { u.Id, u.Email, u.DisplayName, u.Language, u.PlatformRole, PasswordHash = hashPassword(u.Password) }, tx, cancellationToken: ct));
        }

        await conn.ExecuteAsync(new CommandDefinition(association, Associations, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(membership, Memberships, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(await ActivitySqlAsync(), new { Associations = Associations.Select(a => a.Id).ToArray() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Users.Select(u => new DemoAccount(u.Email, u.Password, u.Description)).ToList();
    }

    private static DemoUser GeneratedOwner(int index)
    {
        var (kind, town) = DemoNetwork.Pick(index);
        return new(Id($"1{index:000}"), $"{kind.Slug}.{index + 1:00}@demo.resourceshare.example", DemoNetwork.Password(index),
            $"Vorstand {kind.Name} {town.City}", kind.Languages[0], "member", $"owner of {kind.Name} {town.City}");
    }

    private static DemoAssociation GeneratedAssociation(int index)
    {
        var (kind, town) = DemoNetwork.Pick(index);
        var verified = DemoNetwork.Verified(index);
        var slug = $"{kind.Slug}-{index + 1:00}";
        return new(Id($"2{index:000}"), $"{kind.Name} {town.City}", "e.V.",
            verified ? $"Amtsgericht {town.City}" : null, verified ? $"VR {3100 + index * 17}" : null, town.PostalCode, town.City,
            $"{kind.Focus} in {town.City} und Umgebung.", kind.Languages, $"https://{slug}.example", $"kontakt@{slug}.example",
            verified ? "verified" : "unverified");
    }

    private static IEnumerable<DemoMembership> GeneratedMemberships(int index)
    {
        yield return new(Id($"2{index:000}"), Id($"1{index:000}"), "owner");
        yield return new(Id($"2{index:000}"), Id($"1{(index + 1) % DemoNetwork.GeneratedAssociations:000}"), "member");
    }

    /// <summary>The network's listings, matches, bookings, messages, feedback, notifications and reports (DemoActivity.sql).</summary>
    private static async Task<string> ActivitySqlAsync()
    {
        await using var stream = typeof(DemoData).Assembly.GetManifestResourceStream("demo/activity.sql")!;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private static Guid Id(string suffix) => Guid.Parse("0199a000-0000-7000-8000-00000000" + suffix);
}
