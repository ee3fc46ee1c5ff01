namespace Tracker.Jobs.Storage;

/// <summary>A user's callback token as stored: its SHA-256 (the lookup key) and the token encrypted for showing again.</summary>
internal sealed record StoredCallbackToken(string Owner, string TokenHash, byte[] Protected, DateTimeOffset CreatedAt);

/// <summary>The store's part for Oozie callbacks (<c>callback_tokens</c>) and the wake-up a notification causes.</summary>
internal interface ICallbackStore
{
    Task<StoredCallbackToken?> GetCallbackTokenAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Stores the owner's first token; returns the one stored, which is another replica's if it won the race.</summary>
    Task<StoredCallbackToken> AddCallbackTokenAsync(StoredCallbackToken token, CancellationToken cancellationToken);

    /// <summary>Replaces the owner's token (rotation): the old hash stops matching at once.</summary>
    Task ReplaceCallbackTokenAsync(StoredCallbackToken token, CancellationToken cancellationToken);

    /// <summary>The owner of the token with this hash, or null: the only read an unknown token costs.</summary>
    Task<string?> FindCallbackOwnerAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>
    /// Makes a tracked job due now if it is still being worked on (never later than it was); false when the owner
    /// does not track the job. Nothing else of the row changes, so it is safe beside a lease holder.
    /// </summary>
    Task<bool> WakeJobAsync(string owner, string jobId, DateTimeOffset now, CancellationToken cancellationToken);
}
