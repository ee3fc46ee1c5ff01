using Tracker.Heron.Topologies;

namespace Tracker.Heron.Metrics;

/// <summary>
/// Minutely metric timelines from a topology's TManager: what the query language's <c>TS</c>
/// operator reads. Registered as a singleton; resolve it from DI.
/// </summary>
public interface IMetricTimelineSource
{
    /// <summary>
    /// One metric of one component over <c>[startTime, endTime]</c> (unix seconds, passed to the
    /// TManager unchanged as the explicit interval, <c>minutely = true</c>), in ONE stats-port call.
    /// <paramref name="instances"/> empty = every instance the TManager has for the component.
    /// Each instance's points are the TManager's buckets that overlap the interval, sorted by
    /// timestamp, where the timestamp is the bucket's start exactly as the TManager sent it (NOT
    /// minute-aligned: flooring and range-filtering are the caller's rules) and NaN values
    /// (empty latency buckets) are already dropped. An instance without the metric is absent.
    /// </summary>
    /// <exception cref="UpstreamException">No TManager location (503), unreachable or not speaking the protocol (502), timeout (504).</exception>
    Task<ComponentTimelines> GetTimelinesAsync(
        TopologySnapshot topology,
        string component,
        IReadOnlyList<string> instances,
        string metric,
        long startTime,
        long endTime,
        CancellationToken cancellationToken);
}

/// <summary>A metric's timelines per instance id; <see cref="TManagerMessage"/> carries a NOTOK status's message (then the map is usually empty).</summary>
public sealed record ComponentTimelines(
    string Component,
    string Metric,
    IReadOnlyDictionary<string, IReadOnlyList<TimelinePoint>> Instances,
    string? TManagerMessage = null);

/// <summary>One minutely bucket: its start (unix seconds) and value.</summary>
public readonly record struct TimelinePoint(long Timestamp, double Value);
