namespace Tracker.Heron.Metrics.Query;

/// <summary>
/// One TManager timeline fetch asked for by a <c>TS</c> leaf: a minutely <c>MetricRequest</c> for one metric of one
/// component over an explicit interval. <see cref="Start"/> and <see cref="End"/> are already widened by the
/// minute the reference adds on each side; <see cref="Instance"/> is null for every instance.
/// </summary>
public sealed record TimelineRequest(string Component, string? Instance, string Metric, long Start, long End);

/// <summary>A raw point as the TManager reports it: the bucket's start time (not minute-aligned) and its value.</summary>
public readonly record struct TimelinePoint(long Timestamp, double Value);

/// <summary>The raw points of one instance, in the order the TManager sent them.</summary>
public sealed record InstanceTimeline(string Instance, IReadOnlyList<TimelinePoint> Points);

/// <summary>
/// Where the evaluator gets its data: the endpoint adapts the TManager client to it, tests and benchmarks hand it
/// timelines they made. An exception from it aborts the whole query, as in the reference.
/// </summary>
public interface ITimelineSource
{
    ValueTask<IReadOnlyList<InstanceTimeline>> FetchAsync(TimelineRequest request, CancellationToken cancellationToken);
}
