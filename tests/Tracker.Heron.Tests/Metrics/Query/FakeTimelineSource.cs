using System.Collections.Concurrent;
using Tracker.Heron.Metrics;
using Tracker.Heron.Metrics.Query;

namespace Tracker.Heron.Tests.Metrics.Query;

/// <summary>
/// Serves raw timelines the test made, filtered by instance as the TManager does, and records every fetch.
/// Only the query evaluator's data source is faked here; the evaluator itself always runs for real.
/// </summary>
internal sealed class FakeTimelineSource : ITimelineSource
{
    private readonly Dictionary<(string Component, string Metric), List<InstanceTimeline>> _data = [];

    public ConcurrentQueue<TimelineRequest> Requests { get; } = new();

    /// <summary>Fetches fail with this exception when set.</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, every fetch waits for it, so a test can see fetches running at the same time.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public int InFlight => _inFlight;

    public int MaxInFlight => _maxInFlight;

    private int _inFlight;
    private int _maxInFlight;

    public FakeTimelineSource Add(string component, string metric, string instance, params (long Timestamp, double Value)[] points)
    {
        if (!_data.TryGetValue((component, metric), out var list))
        {
            _data[(component, metric)] = list = [];
        }

        list.Add(new InstanceTimeline(instance, points.Select(p => new TimelinePoint(p.Timestamp, p.Value)).ToArray()));
        return this;
    }

    public async ValueTask<IReadOnlyList<InstanceTimeline>> FetchAsync(TimelineRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        try
        {
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            await Task.Yield();
            if (Failure is { } failure)
            {
                throw failure;
            }

            if (!_data.TryGetValue((request.Component, request.Metric), out var list))
            {
                return [];
            }

            return request.Instance is null ? list : list.Where(t => t.Instance == request.Instance).ToArray();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int location, int value)
    {
        int current;
        while ((current = Volatile.Read(ref location)) < value && Interlocked.CompareExchange(ref location, value, current) != current)
        {
        }
    }
}

internal static class QueryTestExtensions
{
    public static async Task<MetricsQueryResult> RunAsync(this FakeTimelineSource source, string query, long start, long end) =>
        await MetricsQueryEvaluator.EvaluateAsync(MetricsQueryParser.Parse(query), start, end, source);

    /// <summary>The result as instance → (minute → value), the shape the reference's tests compare.</summary>
    public static Dictionary<string, Dictionary<long, double>> ByInstance(this MetricsQueryResult result) =>
        result.Timelines.ToDictionary(t => t.Instance ?? "", t => t.Points.ToDictionary(p => p.Timestamp, p => p.Value));

    public static Dictionary<long, double> Single(this MetricsQueryResult result)
    {
        var timeline = Assert.Single(result.Timelines);
        return timeline.Points.ToDictionary(p => p.Timestamp, p => p.Value);
    }

    public static Dictionary<long, double> Points(params (long Minute, double Value)[] points) =>
        points.ToDictionary(p => p.Minute, p => p.Value);
}
