using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tracker.Jobs.Authentication;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.Authentication;

/// <summary>The remembered verifications: bounded in size, expired by the injected clock, forgotten on a refusal.</summary>
public sealed class VerificationCacheTests
{
    private static readonly IOptions<AuthenticationOptions> TenMinutes
        = Options.Create(new AuthenticationOptions { VerificationCacheDuration = TimeSpan.FromMinutes(10) });

    [Fact]
    public void The_cache_never_holds_more_than_its_size_limit()
    {
        using var cache = new VerificationCache(TenMinutes, TimeProvider.System, maxEntries: 100);

        for (var i = 0; i < 1_000; i++)
        {
            cache.Remember($"Basic user{i}", $"user{i}");
        }

        Assert.InRange(cache.Count, 1, 100);
    }

    [Fact]
    public void A_remembered_header_holds_for_its_user_only_until_it_expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T12:00:00Z"));
        using var cache = new VerificationCache(TenMinutes, time);

        cache.Remember("Basic alice", "alice");

        Assert.True(cache.Holds("Basic alice", "alice"));
        Assert.False(cache.Holds("Basic alice", "bob"));
        Assert.False(cache.Holds("Basic other", "alice"));
        time.Advance(TimeSpan.FromMinutes(11));
        Assert.False(cache.Holds("Basic alice", "alice"));
    }

    [Fact]
    public void A_refused_header_is_forgotten_and_a_refused_user_loses_every_header()
    {
        using var cache = new VerificationCache(TenMinutes, TimeProvider.System);
        cache.Remember("Basic alice-1", "alice");
        cache.Remember("Basic alice-2", "alice");
        cache.Remember("Basic bob", "bob");

        cache.Forget("Basic alice-1");
        Assert.False(cache.Holds("Basic alice-1", "alice"));
        Assert.True(cache.Holds("Basic alice-2", "alice"));

        cache.ForgetUser("alice");
        Assert.False(cache.Holds("Basic alice-2", "alice"));
        Assert.True(cache.Holds("Basic bob", "bob"));

        // A user forgotten once is remembered again after the next accepted verification.
        cache.Remember("Basic alice-3", "alice");
        Assert.True(cache.Holds("Basic alice-3", "alice"));
    }

    [Fact]
    public void Nothing_is_remembered_when_the_duration_is_zero()
    {
        using var cache = new VerificationCache(Options.Create(new AuthenticationOptions { VerificationCacheDuration = TimeSpan.Zero }), TimeProvider.System);

        cache.Remember("Basic alice", "alice");

        Assert.False(cache.Holds("Basic alice", "alice"));
    }
}
