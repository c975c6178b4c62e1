using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace ResourceShare.Infrastructure.Accounts;

/// <summary>
/// Each user's current session version, which every access token carries and every request checks. Signing out,
/// a password change and a platform role change count it up in the database (migration 0011), and a trigger
/// notifies every API instance on commit. While <see cref="SessionListener"/> hears those notifications, a check
/// is a dictionary lookup; while it does not, nothing is remembered and every check asks the database, so that
/// no instance trusts an entry it may not have heard the end of.
/// </summary>
public sealed class SessionVersions(NpgsqlDataSource dataSource)
{
    public const string Channel = "session_changed";

    private readonly ConcurrentDictionary<Guid, int> known = new();

    // Counts every forgotten entry and every start and end of listening. A check that read the database keeps what
    // it read only if nothing of the kind happened meanwhile: the notification may have been about that very read.
    private long epoch;
    private volatile bool listening;

    /// <summary>Whether <paramref name="version"/> is the user's current session version (false for a deleted user).</summary>
    public ValueTask<bool> IsCurrentAsync(Guid userId, int version, CancellationToken ct) =>
        listening && known.TryGetValue(userId, out var current)
            ? ValueTask.FromResult(current == version)
            : new ValueTask<bool>(ReadAsync(userId, version, ct));

    /// <summary>
    /// Drops what this instance knows of the user's sessions: called by the listener for every notification,
    /// and by this instance itself right after it ended them, so that its own next check does not wait for the
    /// notification to come back.
    /// </summary>
    public void Forget(Guid userId)
    {
        Interlocked.Increment(ref epoch);
        known.TryRemove(userId, out _);
    }

    /// <summary>Notifications missed while not listening may concern any entry: every change of state forgets them all.</summary>
    internal void SetListening(bool on)
    {
        listening = on;
        Interlocked.Increment(ref epoch);
        known.Clear();
    }

    private async Task<bool> ReadAsync(Guid userId, int version, CancellationToken ct)
    {
        const string sql = "SELECT session_version FROM app_user WHERE id = @Id";
        var before = Interlocked.Read(ref epoch);
        var remember = listening;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var current = await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(sql, new { Id = userId }, cancellationToken: ct));
        if (current is null)
        {
            return false;
        }

        if (remember)
        {
            known[userId] = current.Value;
            if (Interlocked.Read(ref epoch) != before)
            {
                known.TryRemove(userId, out _);
            }
        }

        return current == version;
    }
}
