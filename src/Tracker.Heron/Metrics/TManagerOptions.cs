namespace Tracker.Heron.Metrics;

/// <summary>Settings under <c>Heron:TManager</c> for calls to a topology's TManager stats port.</summary>
public sealed class TManagerOptions
{
    public const string Section = "Heron:TManager";

    /// <summary>How long one stats-port call may take before the endpoint answers 504. Default 5 s (the Tornado tracker's value).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an answer to <c>/stats</c> is reused for an identical request (same TManager,
    /// same request bytes); identical requests arriving while one is in flight share it.
    /// Default zero: off, every request asks the TManager.
    /// </summary>
    public TimeSpan MetricsCacheDuration { get; set; } = TimeSpan.Zero;
}
