using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ResourceShare.Api.Auth;

/// <summary>
/// Tokens for links in mails that act without signing in: <c>{payload}.{HMAC-SHA256}</c>, signed with a key derived
/// from Auth:SigningKey and the link's purpose, so that a token of one purpose never passes for another. Nothing is
/// stored; nobody can make a token without the key, and changing the signing key ends every link sent before.
/// The payload is the caller's to write and read, without dots of its own at the end.
/// </summary>
public sealed class SignedLinks(IOptions<AuthOptions> auth)
{
    /// <summary>A signer for one purpose.</summary>
    public Signer For(string purpose) => new(HMACSHA256.HashData(Encoding.UTF8.GetBytes(auth.Value.SigningKey), Encoding.UTF8.GetBytes(purpose)));

    public sealed class Signer(byte[] key)
    {
        public string Sign(string payload) => $"{payload}.{Base64Url.EncodeToString(Hash(payload))}";

        /// <summary>The payload of a genuine token, or null for anything else.</summary>
        public string? Open(string? token)
        {
            var dot = token?.LastIndexOf('.') ?? -1;
            if (dot <= 0)
            {
                return null;
            }

            var payload = token![..dot];
            var signature = new byte[32];
            return Base64Url.IsValid(token.AsSpan(dot + 1), out var length) && length == signature.Length
                   && Base64Url.TryDecodeFromChars(token.AsSpan(dot + 1), signature, out _)
                   && CryptographicOperations.FixedTimeEquals(signature, Hash(payload))
                ? payload
                : null;
        }

        private byte[] Hash(string payload) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload));
    }
}
