using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Tracker.Jobs.Authentication;

/// <summary>
/// The Authorization headers Knox accepted recently, each remembered for
/// <see cref="AuthenticationOptions.VerificationCacheDuration"/> under an HMAC with a key that lives only in this
/// process, so neither the password nor a plain hash of it is kept. A size-limited <see cref="MemoryCache"/> of its
/// own holds them (at most <see cref="MaxEntries"/>; past that the oldest are compacted away). Whoever sees Knox
/// refuse a user's credentials (a request, the worker) forgets that user here at once: a changed password must
/// stop working now, not when the entry expires.
/// </summary>
internal sealed class VerificationCache : IDisposable
{
    public const int MaxEntries = 10_000;

    private readonly IOptions<AuthenticationOptions> _options;
    private readonly TimeProvider _time;
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(32);
    private readonly MemoryCache _entries;

    /// <summary>One token per user with entries: cancelling it drops all of them (<see cref="ForgetUser"/>).</summary>
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _users = new(StringComparer.Ordinal);

    public VerificationCache(IOptions<AuthenticationOptions> options, TimeProvider time)
        : this(options, time, MaxEntries)
    {
    }

    internal VerificationCache(IOptions<AuthenticationOptions> options, TimeProvider time, int maxEntries)
    {
        this._options = options;
        this._time = time;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = maxEntries, CompactionPercentage = 0.25 });
    }

    /// <summary>How many headers are remembered now (at most the size limit).</summary>
    internal int Count => _entries.Count;

    private sealed record Entry(string User, DateTimeOffset Until);

    /// <summary>True when Knox accepted <paramref name="authorization"/> for <paramref name="user"/> recently.</summary>
    public bool Holds(string authorization, string user)
        => _entries.TryGetValue(KeyOf(authorization), out Entry? entry) && entry!.Until > _time.GetUtcNow() && entry.User == user;

    public void Remember(string authorization, string user)
    {
        var duration = _options.Value.VerificationCacheDuration;
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        // The expiry is judged with the injected clock in Holds; the cache's own expiration only frees the memory.
        var forget = _users.GetOrAdd(user, _ => new CancellationTokenSource());
        using var entry = _entries.CreateEntry(KeyOf(authorization));
        entry.Value = new Entry(user, _time.GetUtcNow() + duration);
        entry.Size = 1;
        entry.AbsoluteExpirationRelativeToNow = duration;
        entry.AddExpirationToken(new CancellationChangeToken(forget.Token));
    }

    public void Forget(string authorization) => _entries.Remove(KeyOf(authorization));

    /// <summary>Forgets every header of <paramref name="user"/>: Knox refused one of their credentials.</summary>
    public void ForgetUser(string user)
    {
        if (_users.TryRemove(user, out var forget))
        {
            // Not disposed: a Remember racing with this may still read its token (and its entry then expires at once).
            forget.Cancel();
        }
    }

    public void Dispose()
    {
        _entries.Dispose();
        foreach (var forget in _users.Values)
        {
            forget.Dispose();
        }
    }

    private string KeyOf(string authorization)
        => Convert.ToBase64String(HMACSHA256.HashData(_salt, Encoding.UTF8.GetBytes(authorization)));
}
