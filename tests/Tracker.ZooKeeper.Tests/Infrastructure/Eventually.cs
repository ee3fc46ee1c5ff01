using System.Threading.Channels;

namespace Tracker.ZooKeeper.Tests.Infrastructure;

/// <summary>Waiting on conditions with a deadline, never with sleeps as synchronisation.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> at the deadline.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>Records what callbacks observe, so a test can await the next observation that matches.</summary>
internal sealed class Recorder<T>
{
    private readonly Channel<T> items = Channel.CreateUnbounded<T>();
    private readonly List<T> all = [];

    public IReadOnlyList<T> All
    {
        get
        {
            lock (all)
            {
                return [.. all];
            }
        }
    }

    public void Add(T item)
    {
        lock (all)
        {
            all.Add(item);
        }

        items.Writer.TryWrite(item);
    }

    /// <summary>Consumes observations until one matches; fails at the deadline naming <paramref name="what"/>.</summary>
    public async Task<T> NextAsync(Func<T, bool> match, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Eventually.DefaultTimeout);
        try
        {
            while (true)
            {
                var item = await items.Reader.ReadAsync(deadline.Token);
                if (match(item))
                {
                    return item;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Timed out waiting for {what}; observed: {string.Join(", ", All)}.");
            throw;
        }
    }

    public Task<T> NextAsync(string what, TimeSpan? timeout = null) => NextAsync(_ => true, what, timeout);
}

internal static class ClientStates
{
    /// <summary>Records every state the client reports from now on.</summary>
    public static Recorder<ZooKeeperState> RecordStates(this ZooKeeperClient zk)
    {
        var states = new Recorder<ZooKeeperState>();
        zk.StateChanged += (_, s) => states.Add(s.State);
        return states;
    }
}
