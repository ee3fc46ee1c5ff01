namespace Tracker.Heron.Metrics.Query;

/// <summary>The answer to a query: the window asked for and one timeline per result series, in the reference's order.</summary>
public sealed record MetricsQueryResult(long Start, long End, IReadOnlyList<QueryTimeline> Timelines);

/// <summary>
/// One result series: its instance (null for an aggregate such as SUM) and its points, minute-floored and inside
/// the window, in ascending time.
/// </summary>
public sealed class QueryTimeline
{
    private readonly MinuteGrid _grid;
    private readonly MinuteSeries _series;

    internal QueryTimeline(MinuteGrid grid, MinuteSeries series)
    {
        _grid = grid;
        _series = series;
    }

    public string? Instance => _series.Instance;

    public int Count
    {
        get
        {
            var n = 0;
            foreach (var present in _series.Present)
            {
                n += present ? 1 : 0;
            }

            return n;
        }
    }

    public IEnumerable<TimelinePoint> Points
    {
        get
        {
            for (var i = 0; i < _grid.Count; i++)
            {
                if (_series.Present[i])
                {
                    yield return new TimelinePoint(_grid.MinuteAt(i), _series.Values[i]);
                }
            }
        }
    }
}
