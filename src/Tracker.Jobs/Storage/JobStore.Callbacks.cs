using System.Data.Common;
using Tracker.Jobs.Storage.Dialects;

namespace Tracker.Jobs.Storage;

/// <summary>Callback tokens and the notification's wake-up (<see cref="ICallbackStore"/>).</summary>
internal sealed partial class JobStore : ICallbackStore
{
    private const string TokenColumns = "owner, token_hash, protected, created_at";

    public async Task<StoredCallbackToken?> GetCallbackTokenAsync(string owner, CancellationToken cancellationToken)
        => (await QueryAsync($"SELECT {TokenColumns} FROM callback_tokens WHERE owner = @owner;",
            c => c.Bind("owner", owner), TokenRows, cancellationToken)).SingleOrDefault();

    public async Task<StoredCallbackToken> AddCallbackTokenAsync(StoredCallbackToken token, CancellationToken cancellationToken)
    {
        await ExecuteAsync("INSERT INTO callback_tokens (owner, token_hash, protected, created_at) VALUES (@owner, @token_hash, @protected, @created_at) ON CONFLICT (owner) DO NOTHING;",
            c => BindToken(c, token), cancellationToken);
        return await GetCallbackTokenAsync(token.Owner, cancellationToken) ?? token;
    }

    public Task ReplaceCallbackTokenAsync(StoredCallbackToken token, CancellationToken cancellationToken)
        => ExecuteAsync("""
            INSERT INTO callback_tokens (owner, token_hash, protected, created_at) VALUES (@owner, @token_hash, @protected, @created_at)
            ON CONFLICT (owner) DO UPDATE SET token_hash = excluded.token_hash, protected = excluded.protected, created_at = excluded.created_at;
            """, c => BindToken(c, token), cancellationToken);

    public async Task<string?> FindCallbackOwnerAsync(string tokenHash, CancellationToken cancellationToken)
        => await ScalarAsync("SELECT owner FROM callback_tokens WHERE token_hash = @token_hash;", c => c.Bind("token_hash", tokenHash), cancellationToken) as string;

    public async Task<bool> WakeJobAsync(string owner, string jobId, DateTimeOffset now, CancellationToken cancellationToken)
        => await ExecuteAsync($"""
            UPDATE tracked_jobs SET next_poll_at = CASE WHEN state IN ('tracking', 'copying') THEN {_dialect.Least}(next_poll_at, @now) ELSE next_poll_at END
            WHERE owner = @owner AND job_id = @job_id;
            """, c => c.Bind("owner", owner).Bind("job_id", jobId).Bind("now", now), cancellationToken) > 0;

    private static void BindToken(DbCommand command, StoredCallbackToken token)
        => command.Bind("owner", token.Owner).Bind("token_hash", token.TokenHash).Bind("protected", token.Protected).Bind("created_at", token.CreatedAt);

    private static Func<DbDataReader, StoredCallbackToken> TokenRows(DbDataReader reader)
    {
        int owner = reader.GetOrdinal("owner"), hash = reader.GetOrdinal("token_hash"), protectedToken = reader.GetOrdinal("protected"), created = reader.GetOrdinal("created_at");
        return r => new StoredCallbackToken(r.GetString(owner), r.GetString(hash), (byte[])r.GetValue(protectedToken), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(created)));
    }
}
