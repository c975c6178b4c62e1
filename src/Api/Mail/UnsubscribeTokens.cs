using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ResourceShare.Api.Auth;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Mail;

/// <summary>What an unsubscribe link turns off: one kind of event, or (Kind null) everything the daily digest carries.</summary>
public sealed record UnsubscribeScope(Guid UserId, NotificationKind? Kind);

/// <summary>
/// The token of a one-click unsubscribe link: <c>{user id}.{kind or "digest"}.{HMAC-SHA256}</c>, signed with a key
/// derived from Auth:SigningKey. Nothing is stored, and nobody can make a token for someone else without the key.
/// Changing the signing key ends the links of every mail sent before.
/// </summary>
public sealed class UnsubscribeTokens(IOptions<AuthOptions> auth)
{
    public const int MaxLength = 120;

    private const string Digest = "digest";

    private readonly byte[] key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(auth.Value.SigningKey), "resourceshare mail unsubscribe"u8);

    public string For(UnsubscribeScope scope)
    {
        var payload = $"{scope.UserId:N}.{(scope.Kind is { } kind ? EnumText<NotificationKind>.Of(kind) : Digest)}";
        return $"{payload}.{Base64Url.EncodeToString(Sign(payload))}";
    }

    /// <summary>The scope of a genuine token, or null for anything else.</summary>
    public UnsubscribeScope? Read(string? token)
    {
        var parts = (token ?? "").Split('.');
        if (parts.Length != 3 || !Guid.TryParseExact(parts[0], "N", out var userId))
        {
            return null;
        }

        NotificationKind? kind = null;
        if (parts[1] != Digest)
        {
            if (!EnumText<NotificationKind>.TryParse(parts[1], out var parsed))
            {
                return null;
            }

            kind = parsed;
        }

        var signature = new byte[32];
        return Base64Url.IsValid(parts[2], out var length) && length == signature.Length
               && Base64Url.TryDecodeFromChars(parts[2], signature, out _)
               && CryptographicOperations.FixedTimeEquals(signature, Sign($"{parts[0]}.{parts[1]}"))
            ? new UnsubscribeScope(userId, kind)
            : null;
    }

    private byte[] Sign(string payload) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload));
}
