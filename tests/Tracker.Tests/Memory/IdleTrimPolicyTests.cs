using Tracker.Memory;

namespace Tracker.Tests.Memory;

public sealed class IdleTrimPolicyTests
{
    private const long MiB = 1024 * 1024;
    private static readonly DateTimeOffset Start = DateTimeOffset.UnixEpoch;
    private static readonly IdleMemoryTrimOptions Options = new() { MinimumSpareBytes = 8 * MiB, MinimumGap = TimeSpan.FromMinutes(1) };

    [Fact]
    public void A_busy_spell_followed_by_a_quiet_interval_trims_once()
    {
        var policy = new IdleTrimPolicy(Options, Start);
        Assert.False(policy.ShouldTrim(totalAllocated: 0, committed: 40 * MiB, heapSize: 10 * MiB, Start.AddSeconds(5)));
        Assert.False(policy.ShouldTrim(50 * MiB, 40 * MiB, 10 * MiB, Start.AddSeconds(10)));

        Assert.True(policy.ShouldTrim(50 * MiB + 1000, 40 * MiB, 10 * MiB, Start.AddSeconds(15)));
        Assert.False(policy.ShouldTrim(50 * MiB + 2000, 40 * MiB, 10 * MiB, Start.AddSeconds(20)));
    }

    [Fact]
    public void A_process_that_was_never_busy_is_left_alone()
    {
        var policy = new IdleTrimPolicy(Options, Start);

        for (var i = 1; i <= 10; i++)
        {
            Assert.False(policy.ShouldTrim(i * 1000, 40 * MiB, 10 * MiB, Start.AddSeconds(5 * i)));
        }
    }

    [Fact]
    public void Little_spare_memory_is_not_worth_a_full_collection()
    {
        var policy = new IdleTrimPolicy(Options, Start);
        policy.ShouldTrim(0, 0, 0, Start);
        policy.ShouldTrim(50 * MiB, 18 * MiB, 12 * MiB, Start.AddSeconds(5));

        Assert.False(policy.ShouldTrim(50 * MiB, 18 * MiB, 12 * MiB, Start.AddSeconds(10)));
    }

    [Fact]
    public void Trims_are_at_least_the_minimum_gap_apart_however_often_traffic_comes_and_goes()
    {
        var policy = new IdleTrimPolicy(Options, Start);
        var allocated = 0L;
        var trims = new List<TimeSpan>();
        policy.ShouldTrim(allocated, 40 * MiB, 10 * MiB, Start);
        // Busy and quiet intervals alternate for five minutes.
        for (var tick = 1; tick <= 60; tick++)
        {
            allocated += tick % 2 == 1 ? 20 * MiB : 0;
            var now = Start.AddSeconds(5 * tick);
            if (policy.ShouldTrim(allocated, 40 * MiB, 10 * MiB, now))
            {
                trims.Add(now - Start);
            }
        }

        Assert.Equal(5, trims.Count);
        Assert.All(trims.Zip(trims.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMinutes(1)));
    }
}
