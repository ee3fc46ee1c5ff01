using System.Diagnostics;

namespace Tracker.Testing;

/// <summary>
/// Waiting for a condition with a deadline: the one poll loop of the test suites, so that no test
/// sleeps as synchronisation and every wait that runs out says what it was waiting for.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    // An in-memory condition is cheap to test often; a probe is usually a request to a server the
    // test started, and on a 2-core machine polling it every few milliseconds slows the server down.
    private static readonly TimeSpan ConditionInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> at the deadline.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                Assert.Fail($"Timed out after {limit} waiting for {what}.");
            }

            await Task.Delay(interval ?? ConditionInterval);
        }
    }

    /// <summary>
    /// Runs <paramref name="probe"/> until what it returns satisfies <paramref name="condition"/> and returns that
    /// value; at the deadline fails naming <paramref name="what"/> and the last value seen (through
    /// <paramref name="describe"/> when its <c>ToString</c> says too little).
    /// </summary>
    public static async Task<T> MatchesAsync<T>(
        Func<Task<T>> probe,
        Func<T, bool> condition,
        TimeSpan timeout,
        string what,
        TimeSpan? interval = null,
        Func<T, string>? describe = null)
    {
        var started = Stopwatch.GetTimestamp();
        var last = await probe();
        while (!condition(last))
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                Assert.Fail($"Timed out after {timeout} waiting for {what}; last: {(describe is null ? last : describe(last))}");
            }

            await Task.Delay(interval ?? ProbeInterval);
            last = await probe();
        }

        return last;
    }
}
