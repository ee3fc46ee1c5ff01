using System.Threading.Channels;

namespace Tracker.Testing;

/// <summary>Records what callbacks observe, so a test can await the next observation that matches.</summary>
public sealed class Recorder<T>
{
    private readonly Channel<T> _items = Channel.CreateUnbounded<T>();
    private readonly List<T> _all = [];

    public IReadOnlyList<T> All
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    public void Add(T item)
    {
        lock (_all)
        {
            _all.Add(item);
        }

        _items.Writer.TryWrite(item);
    }

    /// <summary>Consumes observations until one matches; fails at the deadline naming <paramref name="what"/>.</summary>
    public async Task<T> NextAsync(Func<T, bool> match, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Eventually.DefaultTimeout);
        try
        {
            while (true)
            {
                var item = await _items.Reader.ReadAsync(deadline.Token);
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
