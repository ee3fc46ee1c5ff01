namespace Tracker.Upstream;

/// <summary>
/// When a circuit opens and for how long (bound from configuration, e.g. <c>Heron:TManager:CircuitBreaker</c>).
/// A circuit opens when, within <see cref="SamplingDuration"/>, at least <see cref="MinimumThroughput"/> calls were made
/// and at least <see cref="FailureRatio"/> of them failed; it then fails calls at once for <see cref="BreakDuration"/>, lets
/// one trial call through (half-open) and closes again if it succeeds.
/// </summary>
public sealed class CircuitBreakerSettings
{
    /// <summary>Whether the breaker applies at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The share of failed calls that opens the circuit, in (0, 1]. Default 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the window before the ratio counts. Default 5.</summary>
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>The window the ratio is measured over. Default 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails calls at once before a trial call. Default 15 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Why the settings cannot be used, or null. Polly's own limits: ratio in (0, 1], throughput at least 2, durations at least 0.5 s.</summary>
    public string? Problem() =>
        FailureRatio is <= 0 or > 1 ? "FailureRatio must be in (0, 1]"
        : MinimumThroughput < 2 ? "MinimumThroughput must be at least 2"
        : SamplingDuration < TimeSpan.FromMilliseconds(500) || BreakDuration < TimeSpan.FromMilliseconds(500) ? "SamplingDuration and BreakDuration must be at least 0.5 s"
        : null;
}
