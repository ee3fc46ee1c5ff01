using Tracker.Memory;

namespace Tracker.Tests.Memory;

public sealed class IdleTrimPolicyTests
{
    private const long MiB = 1024 * 1024;
    private static readonly DateTimeOffset Start = DateTimeOffset.UnixEpoch;
    private static readonly IdleMemoryTrimOptions Options = new() { MinimumAllocatedBytes = 8 * MiB, MinimumGap = TimeSpan.FromMinutes(1) };

    [Fact]
    public void A_burst_followed_by_a_quiet_interval_trims_once()
    {
        var policy = new IdleTrimPolicy(Options, Start);
        Assert.False(policy.ShouldTrim(totalAllocated: 0, Start.AddSeconds(5)));
        Assert.False(policy.ShouldTrim(50 * MiB, Start.AddSeconds(10)));

        Assert.True(policy.ShouldTrim(50 * MiB + 1000, Start.AddSeconds(15)));
        Assert.False(policy.ShouldTrim(50 * MiB + 2000, Start.AddMinutes(5)));
    }

    [Fact]
    public void What_was_allocated_before_the_first_check_counts()
    {
        var policy = new IdleTrimPolicy(Options, Start);
        Assert.False(policy.ShouldTrim(60 * MiB, Start.AddSeconds(5)));

        Assert.True(policy.ShouldTrim(60 * MiB + 1000, Start.AddSeconds(10)));
    }

    [Fact]
    public void A_process_that_allocated_little_is_left_alone()
    {
        var policy = new IdleTrimPolicy(Options, Start);

        for (var i = 1; i <= 100; i++)
        {
            Assert.False(policy.ShouldTrim(i * 50_000, Start.AddSeconds(5 * i)));
        }
    }

    [Fact]
    public void Bursts_coming_and_going_trim_at_most_once_per_minimum_gap()
    {
        // Busy and quiet intervals alternate for five minutes.
        var trims = Run(tick => tick % 2 == 1 ? 20 * MiB : 0, ticks: 60);

        Assert.Equal([10, 70, 130, 190, 250], trims.Select(t => (int)t.TotalSeconds));
    }

    [Fact]
    public void A_quiet_trickle_trims_each_time_it_has_added_up()
    {
        // 600 KB per 5 s interval: always quiet, 8 MiB after 14 intervals (70 s).
        var trims = Run(_ => 600 * 1000, ticks: 120);

        Assert.Equal(8, trims.Count);
        Assert.All(trims.Zip(trims.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(70), pair.Second - pair.First));
    }

    private static List<TimeSpan> Run(Func<int, long> allocatedInTick, int ticks)
    {
        var policy = new IdleTrimPolicy(Options, Start);
        var allocated = 0L;
        var trims = new List<TimeSpan>();
        for (var tick = 1; tick <= ticks; tick++)
        {
            allocated += allocatedInTick(tick);
            var now = Start.AddSeconds(5 * tick);
            if (policy.ShouldTrim(allocated, now))
            {
                trims.Add(now - Start);
            }
        }

        return trims;
    }
}
