using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Tracker.Heron.Topologies;

/// <summary>
/// Holds values derived from snapshots (rendered answers, parsed plans) within one weight budget
/// for all snapshots together. Keeping every derived value for the life of its snapshot would cost
/// more memory than the state itself, although clients keep asking about a few topologies only.
/// Values are evicted in the order they were built, except that one used again since it was built
/// gets a second round (CLOCK), so a hot topology's values stay while cold ones are built again on
/// their next use.
/// </summary>
internal sealed class SnapshotBudget<T>(long capacity, Func<T, long> weigh)
    where T : class
{
    private readonly ConcurrentQueue<BudgetSlot<T>> _held = new();
    private long _weight;

    /// <summary>Weight now held (tests and diagnostics).</summary>
    public long Held => Interlocked.Read(ref _weight);

    /// <summary>The slot's value, built now when it was never built or has been evicted.</summary>
    public T Get(BudgetSlot<T> slot, Func<T> build)
    {
        if (slot.TryGet() is { } held)
        {
            return held;
        }

        var value = build();
        var weight = weigh(value);
        if (weight > capacity)
        {
            return value;
        }

        if (!slot.TrySet(value, weight, out var winner))
        {
            // A racing caller built the same value first.
            return winner;
        }

        _held.Enqueue(slot);
        var total = Interlocked.Add(ref _weight, weight);
        // Bounded: each slot is passed over at most once before its flag is cleared.
        for (var passes = _held.Count * 2; total > capacity && passes > 0 && _held.TryDequeue(out var oldest); passes--)
        {
            if (oldest.TakeUsed())
            {
                _held.Enqueue(oldest);
                continue;
            }

            total = Interlocked.Add(ref _weight, -oldest.Clear());
        }

        return value;
    }
}

/// <summary>
/// Where one derived value of one snapshot is held while its <see cref="SnapshotBudget{T}"/> allows.
/// Holds no reference to the snapshot, so a replaced snapshot is collected even while its value
/// waits for eviction.
/// </summary>
internal sealed class BudgetSlot<T>
    where T : class
{
    private Held? _held;
    private int _used;

    public T? TryGet()
    {
        var held = Volatile.Read(ref _held);
        if (held is not null)
        {
            Volatile.Write(ref _used, 1);
        }

        return held?.Value;
    }

    public bool TrySet(T value, long weight, [NotNullWhen(false)] out T? winner)
    {
        winner = Interlocked.CompareExchange(ref _held, new Held(value, weight), null)?.Value;
        return winner is null;
    }

    public bool TakeUsed() => Interlocked.Exchange(ref _used, 0) == 1;

    /// <summary>Drops the value; returns the weight released.</summary>
    public long Clear() => Interlocked.Exchange(ref _held, null)?.Weight ?? 0;

    private sealed record Held(T Value, long Weight);
}
