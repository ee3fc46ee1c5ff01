using System.Diagnostics.Metrics;
using Tracker.Heron.Metrics;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Telemetry;

/// <summary>
/// The <c>Tracker.Heron</c> meter (topologies, state updates, snapshots, TManager and heron-shell calls,
/// metrics queries) and the <c>Tracker.ZooKeeper</c> meter the ZooKeeper state managers' clients record
/// into. Both come from the host's <see cref="IMeterFactory"/>, so nothing is measured unless a listener
/// (OpenTelemetry, <c>dotnet-counters</c>) subscribes.
/// </summary>
public sealed class HeronMetrics
{
    public const string MeterName = "Tracker.Heron";

    public const string ZooKeeperMeterName = "Tracker.ZooKeeper";

    /// <summary>Upstream calls take milliseconds to seconds; timeouts are seconds to minutes (jmap).</summary>
    private static readonly double[] CallBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>In-process work: microseconds to tens of milliseconds.</summary>
    private static readonly double[] WorkBuckets = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    private readonly Meter _meter;
    private readonly Counter<long> _stateUpdates;
    private readonly Histogram<double> _snapshotBuild;
    private readonly Histogram<double> _tmanagerDuration;
    private readonly Counter<long> _tmanagerErrors;
    private readonly Histogram<double> _shellDuration;
    private readonly Counter<long> _shellErrors;
    private readonly Histogram<double> _queryDuration;
    private Func<IReadOnlyList<TopologySnapshot>>? _topologies;

    public HeronMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        ZooKeeperMeter = meters.Create(ZooKeeperMeterName);
        _meter.CreateObservableGauge("tracker.heron.topologies", ObserveTopologies, "{topology}",
            "Topologies known, by state manager and by the cluster their execution state names.");
        _stateUpdates = _meter.CreateCounter<long>("tracker.heron.state.updates", "{update}",
            "State changes applied to the registry, by state manager and state kind.");
        _snapshotBuild = _meter.CreateHistogram("tracker.heron.snapshot.build.duration", "s",
            "Time to build and publish a topology's new snapshot after a state change.", advice: Advice(WorkBuckets));
        _tmanagerDuration = _meter.CreateHistogram("tracker.heron.tmanager.duration", "s",
            "TManager stats-port calls, by endpoint and outcome.", advice: Advice(CallBuckets));
        _tmanagerErrors = _meter.CreateCounter<long>("tracker.heron.tmanager.errors", "{error}",
            "TManager calls that failed, by endpoint and error type (unavailable, unreachable, timeout, not_found).");
        _shellDuration = _meter.CreateHistogram("tracker.heron.shell.duration", "s",
            "heron-shell calls, by command and outcome.", advice: Advice(CallBuckets));
        _shellErrors = _meter.CreateCounter<long>("tracker.heron.shell.errors", "{error}",
            "heron-shell calls that failed, by command and error type.");
        _queryDuration = _meter.CreateHistogram("tracker.heron.query.duration", "s",
            "Metrics query parsing and evaluation (TManager calls included), by outcome.", advice: Advice(CallBuckets));
    }

    /// <summary>The meter handed to every ZooKeeper client of the Heron state managers.</summary>
    public Meter ZooKeeperMeter { get; }

    /// <summary>Where the topology gauge reads from (the registry, once it exists).</summary>
    internal void ObserveTopologies(Func<IReadOnlyList<TopologySnapshot>> topologies) => _topologies = topologies;

    internal void StateUpdateApplied(string stateManager, StateKind kind, TimeSpan buildTime)
    {
        _stateUpdates.Add(1, new("heron.state_manager", stateManager), new("heron.state.kind", KindName(kind)));
        _snapshotBuild.Record(buildTime.TotalSeconds);
    }

    internal void TManagerCall(string endpoint, TimeSpan elapsed, UpstreamFailure? failure)
        => Call(_tmanagerDuration, _tmanagerErrors, "heron.tmanager.endpoint", endpoint, elapsed, failure);

    internal void ShellCall(string command, TimeSpan elapsed, UpstreamFailure? failure)
        => Call(_shellDuration, _shellErrors, "heron.shell.command", command, elapsed, failure);

    internal void QueryEvaluated(TimeSpan elapsed, string outcome)
        => _queryDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    internal static string FailureName(UpstreamFailure failure) => failure switch
    {
        UpstreamFailure.Unavailable => "unavailable",
        UpstreamFailure.Timeout => "timeout",
        UpstreamFailure.NotFound => "not_found",
        _ => "unreachable",
    };

    private static void Call(Histogram<double> duration, Counter<long> errors, string key, string value, TimeSpan elapsed, UpstreamFailure? failure)
    {
        var target = new KeyValuePair<string, object?>(key, value);
        duration.Record(elapsed.TotalSeconds, target, new("outcome", failure is null ? "ok" : "error"));
        if (failure is { } f)
        {
            errors.Add(1, target, new("error.type", FailureName(f)));
        }
    }

    private IEnumerable<Measurement<int>> ObserveTopologies()
    {
        if (_topologies is not { } read)
        {
            return [];
        }

        return read()
            .GroupBy(t => (t.StateManager, Cluster: t.ExecutionState?.Cluster ?? ""))
            .Select(g => new Measurement<int>(g.Count(), new("heron.state_manager", g.Key.StateManager), new("heron.cluster", g.Key.Cluster)))
            .ToList();
    }

    private static string KindName(StateKind kind) => kind switch
    {
        StateKind.PhysicalPlan => "physical_plan",
        StateKind.PackingPlan => "packing_plan",
        StateKind.ExecutionState => "execution_state",
        StateKind.TManagerLocation => "tmanager_location",
        _ => "scheduler_location",
    };

    private static InstrumentAdvice<double> Advice(double[] buckets) => new() { HistogramBucketBoundaries = buckets };
}
