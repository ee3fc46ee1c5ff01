using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Tracker.Heron.Apis.Payloads;

/// <summary>
/// Holds the rendered answers of all snapshots within one byte budget
/// (<see cref="HeronOptions.RenderedAnswerCacheBytes"/>). Rendering every answer of every topology
/// once and keeping it for the snapshot's life cost as much memory as the parsed state itself
/// (200 topologies of 100 instances: 16 MiB), although clients keep asking for a few topologies
/// only. Answers are evicted in render order, except that one served again since it was rendered
/// gets a second round (CLOCK), so a hot topology stays rendered while cold ones are rendered again
/// on their next request.
/// </summary>
internal sealed class RenderedAnswerBudget(long capacity)
{
    private readonly ConcurrentQueue<RenderedSlot> _held = new();
    private long _bytes;

    /// <summary>Bytes now held (tests and diagnostics).</summary>
    public long HeldBytes => Interlocked.Read(ref _bytes);

    /// <summary>The slot's answer, rendered now when it was never rendered or has been evicted.</summary>
    public byte[] Get(RenderedSlot slot, Func<byte[]> render)
    {
        if (slot.TryGet() is { } held)
        {
            return held;
        }

        var bytes = render();
        if (bytes.LongLength > capacity)
        {
            return bytes;
        }

        if (!slot.TrySet(bytes, out var winner))
        {
            // A racing request rendered the same answer first.
            return winner;
        }

        _held.Enqueue(slot);
        var total = Interlocked.Add(ref _bytes, bytes.LongLength);
        // Bounded: each slot is passed over at most once before its flag is cleared.
        for (var passes = _held.Count * 2; total > capacity && passes > 0 && _held.TryDequeue(out var oldest); passes--)
        {
            if (oldest.TakeUsed())
            {
                _held.Enqueue(oldest);
                continue;
            }

            total = Interlocked.Add(ref _bytes, -oldest.Clear());
        }

        return bytes;
    }
}

/// <summary>One rendered answer of one snapshot; holds no reference to the snapshot, so a replaced snapshot is collected even while its answer waits for eviction.</summary>
internal sealed class RenderedSlot
{
    private byte[]? _bytes;
    private int _used;

    public byte[]? TryGet()
    {
        var bytes = Volatile.Read(ref _bytes);
        if (bytes is not null)
        {
            Volatile.Write(ref _used, 1);
        }

        return bytes;
    }

    public bool TrySet(byte[] bytes, [NotNullWhen(false)] out byte[]? winner)
    {
        winner = Interlocked.CompareExchange(ref _bytes, bytes, null);
        return winner is null;
    }

    public bool TakeUsed() => Interlocked.Exchange(ref _used, 0) == 1;

    /// <summary>Drops the answer; returns the bytes released.</summary>
    public long Clear() => Interlocked.Exchange(ref _bytes, null)?.LongLength ?? 0;
}
