using System.Collections.Concurrent;

namespace Tracker.Heron.Apis.Payloads;

/// <summary>
/// Unfiltered listings (<c>/topologies</c>, <c>/topologies/states</c>, <c>/machines</c>) rendered
/// once per registry generation and style: the UI polls them, and they only change when some
/// topology does.
/// </summary>
internal sealed class ListingCache
{
    private readonly ConcurrentDictionary<(string Listing, HeronApiStyle Style), Entry> _entries = new();

    public byte[] GetOrRender(string listing, HeronApiStyle style, long generation, Func<byte[]> render)
    {
        var key = (listing, style);
        if (_entries.TryGetValue(key, out var entry) && entry.Generation == generation)
        {
            return entry.Body;
        }

        // Rendered from a catalog at least as new as `generation`; tagging it with the older number
        // only costs a re-render on the next request.
        var body = render();
        _entries[key] = new Entry(generation, body);
        return body;
    }

    private sealed record Entry(long Generation, byte[] Body);
}
