using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Auth;

public sealed class RegistrationTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private const string Email = "fatima.yilmaz@example.org";
    private const string Family = "👨‍👩‍👧‍👦";
    private const string Rainbow = "🏳️‍🌈";

    public static TheoryData<string, string, string> BrokenRules => new()
    {
        { "Kurz-123", "Use at least 10 characters.", "Verwenden Sie mindestens 10 Zeichen." },
        { string.Concat(Enumerable.Repeat(Family + Rainbow, 4)) + Family, "Use at least 10 characters.", "Verwenden Sie mindestens 10 Zeichen." },
        { "Ab1-" + new string('x', 125), "Use at most 128 characters.", "Verwenden Sie höchstens 128 Zeichen." },
        { string.Concat(Enumerable.Repeat("😀🎉", 64)) + "😀", "Use at most 128 characters.", "Verwenden Sie höchstens 128 Zeichen." },
        { "Passwort123", "This password is among the most common ones; choose another.", "Dieses Passwort gehört zu den häufigsten; wählen Sie ein anderes." },
        { "qwertzuiop", "This password is among the most common ones; choose another.", "Dieses Passwort gehört zu den häufigsten; wählen Sie ein anderes." },
        { "Fatima.Yilmaz-Sommer", "The password must not contain your email address.", "Das Passwort darf Ihre E-Mail-Adresse nicht enthalten." },
    };

    private static object Registration(string email, string password) => new { email, password, displayName = "Fatima" };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task Password_breaking_a_rule_returns_400_on_the_password_in_English_and_German(string password, string english, string german)
    {
        var inEnglish = await app.CreateClient("en").PostAsJsonAsync("/api/v1/auth/register", Registration(Email, password));
        var inGerman = await app.CreateClient("de").PostAsJsonAsync("/api/v1/auth/register", Registration(Email, password));

        Assert.Equal(new Dictionary<string, string[]> { ["password"] = [english] }, await inEnglish.ValidationErrorsAsync());
        Assert.Equal(new Dictionary<string, string[]> { ["password"] = [german] }, await inGerman.ValidationErrorsAsync());
    }

    [Theory]
    [InlineData("ትግርኛ-ቋንቋ-ጽቡቕ-እዩ")]
    [InlineData("كلمة سر طويلة جدا")]
    [InlineData("Зелений-Соняшник-9")]
    public async Task Password_in_any_script_can_register_and_sign_in(string password)
    {
        var email = $"schrift-{Guid.NewGuid():N}@example.org";

        var register = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/register", Registration(email, password));

        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password })).StatusCode);
    }

    [Fact]
    public async Task Password_of_128_emoji_can_register_and_sign_in()
    {
        var email = $"emoji-{Guid.NewGuid():N}@example.org";
        var password = string.Concat(Enumerable.Repeat(Family + Rainbow, 64));

        var register = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/register", Registration(email, password));

        await register.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password })).StatusCode);
    }

    [Fact]
    public async Task Missing_and_malformed_fields_are_named_in_the_400()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { email = "kein-at-zeichen", preferredLanguage = "klingon" });

        var errors = await response.ValidationErrorsAsync();
        Assert.Equal(["displayName", "email", "password", "preferredLanguage"], errors.Keys.Order());
    }

    [Fact]
    public async Task Email_taken_in_another_letter_case_returns_409()
    {
        var user = await app.RegisterAsync("Doppelt");

        var again = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/register", Registration(user.Email.ToUpperInvariant(), "Ganz-Anderes-Passwort-5"));

        var problem = await again.JsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("urn:resourceshare:problem:conflict", problem.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password })).StatusCode);
    }

    [Fact]
    public async Task Hash_with_fewer_iterations_is_upgraded_to_the_configured_count_on_sign_in()
    {
        var user = await app.RegisterAsync();
        var weak = Hasher(100_000).HashPassword(new object(), user.Password);
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.ExecuteAsync("UPDATE app_user SET password_hash = @weak WHERE id = @Id", new { weak, user.Id });

        var login = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var upgraded = await conn.QuerySingleAsync<string>("SELECT password_hash FROM app_user WHERE id = @Id", new { user.Id });
        Assert.Equal(100_000, IterationsOf(weak));
        Assert.Equal(ResourceShareApp.PasswordIterations, IterationsOf(upgraded));
        Assert.Equal(PasswordVerificationResult.Success, Hasher(ResourceShareApp.PasswordIterations).VerifyHashedPassword(new object(), upgraded, user.Password));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password })).StatusCode);
        Assert.Equal(upgraded, await conn.QuerySingleAsync<string>("SELECT password_hash FROM app_user WHERE id = @Id", new { user.Id }));
    }

    private static PasswordHasher<object> Hasher(int iterations) =>
        new(Options.Create(new PasswordHasherOptions { IterationCount = iterations }));

    // Identity v3 format: marker byte 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), salt length, salt, subkey.
    private static int IterationsOf(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(5, 4));
    }
}
