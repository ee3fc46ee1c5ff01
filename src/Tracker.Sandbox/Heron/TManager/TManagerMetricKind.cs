namespace Tracker.Sandbox.Heron;

/// <summary>How the TManager folds a metric's values into a bucket (<c>tmanager-metrics-type</c> in <c>metrics_sinks.yaml</c>).</summary>
public enum TManagerMetricKind
{
    /// <summary>Counters: a bucket holds the sum of what was reported in it.</summary>
    Sum,

    /// <summary>Latencies: sum / count; a bucket nobody reported into is NaN.</summary>
    Average,

    /// <summary>Gauges: the last value reported.</summary>
    Last,
}

/// <summary>One minutely bucket as the TManager answers it: <c>interval {start, end}</c> and the value string.</summary>
public sealed record TManagerBucket(long Start, long End, string Value);
