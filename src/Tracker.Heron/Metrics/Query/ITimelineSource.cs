namespace Tracker.Heron.Metrics.Query;

/// <summary>
/// One TManager timeline fetch asked for by a <c>TS</c> leaf: a minutely <c>MetricRequest</c> for one metric of one
/// component over an explicit interval. <see cref="Start"/> and <see cref="End"/> are already widened by the
/// minute the reference adds on each side; <see cref="Instance"/> is null for every instance.
/// </summary>
public sealed record TimelineRequest(string Component, string? Instance, string Metric, long Start, long End);

/// <summary>
/// The raw points of one instance as the TManager reports them: bucket starts (not minute-aligned) and values.
/// When two points fall in the same minute the later one in the list wins.
/// </summary>
public sealed record InstanceTimeline(string Instance, IReadOnlyList<TimelinePoint> Points);

/// <summary>
/// Where the evaluator gets its data: the endpoint adapts the TManager client to it, tests and benchmarks hand it
/// timelines they made. An exception from it aborts the whole query, as in the reference.
/// </summary>
public interface ITimelineSource
{
    ValueTask<IReadOnlyList<InstanceTimeline>> FetchAsync(TimelineRequest request, CancellationToken cancellationToken);
}
