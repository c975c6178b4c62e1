using ResourceShare.Api.Auth;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Mail;

/// <summary>What an unsubscribe link turns off: one kind of event, or (Kind null) everything the daily digest carries.</summary>
public sealed record UnsubscribeScope(Guid UserId, NotificationKind? Kind);

/// <summary>The token of a one-click unsubscribe link: <c>{user id}.{kind or "digest"}</c>, signed (<see cref="SignedLinks"/>).</summary>
public sealed class UnsubscribeTokens(SignedLinks links)
{
    public const int MaxLength = 120;

    private const string Digest = "digest";

    private readonly SignedLinks.Signer signer = links.For("resourceshare mail unsubscribe");

    public string For(UnsubscribeScope scope) =>
        signer.Sign($"{scope.UserId:N}.{(scope.Kind is { } kind ? EnumText<NotificationKind>.Of(kind) : Digest)}");

    /// <summary>The scope of a genuine token, or null for anything else.</summary>
    public UnsubscribeScope? Read(string? token)
    {
        var parts = (signer.Open(token) ?? "").Split('.');
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var userId))
        {
            return null;
        }

        if (parts[1] == Digest)
        {
            return new UnsubscribeScope(userId, null);
        }

        return EnumText<NotificationKind>.TryParse(parts[1], out var kind) ? new UnsubscribeScope(userId, kind) : null;
    }
}
