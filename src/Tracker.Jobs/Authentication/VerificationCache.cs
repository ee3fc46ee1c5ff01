using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tracker.Jobs.Authentication;

/// <summary>
/// The Authorization headers Knox accepted recently, each remembered for
/// <see cref="AuthenticationOptions.VerificationCacheDuration"/> under an HMAC with a key that lives only in this
/// process, so neither the password nor a plain hash of it is kept. Whoever sees Knox refuse a user's
/// credentials (a request, the worker) forgets that user here at once: a changed password must stop working
/// now, not when the entry expires.
/// </summary>
internal sealed class VerificationCache(IOptions<AuthenticationOptions> options, TimeProvider time)
{
    private const int MaxEntries = 10_000;
    private readonly byte[] salt = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    private sealed record Entry(string User, DateTimeOffset Until);

    /// <summary>True when Knox accepted <paramref name="authorization"/> for <paramref name="user"/> recently.</summary>
    public bool Holds(string authorization, string user)
        => entries.TryGetValue(KeyOf(authorization), out var entry) && entry.Until > time.GetUtcNow() && entry.User == user;

    public void Remember(string authorization, string user)
    {
        var duration = options.Value.VerificationCacheDuration;
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (entries.Count >= MaxEntries)
        {
            foreach (var entry in entries)
            {
                if (entry.Value.Until <= now)
                {
                    entries.TryRemove(entry.Key, out _);
                }
            }

            if (entries.Count >= MaxEntries)
            {
                entries.Clear();
            }
        }

        entries[KeyOf(authorization)] = new Entry(user, now + duration);
    }

    public void Forget(string authorization) => entries.TryRemove(KeyOf(authorization), out _);

    /// <summary>Forgets every header of <paramref name="user"/>: Knox refused one of their credentials.</summary>
    public void ForgetUser(string user)
    {
        foreach (var entry in entries)
        {
            if (entry.Value.User == user)
            {
                entries.TryRemove(entry.Key, out _);
            }
        }
    }

    private string KeyOf(string authorization)
        => Convert.ToBase64String(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(authorization)));
}
