using System.Globalization;
using Polly;
using Polly.CircuitBreaker;
using Tracker.Upstream;

namespace Tracker.Heron.Metrics;

/// <summary>How the TManager and heron-shell clients use their <see cref="UpstreamCircuits"/>: which failures count, and what an open circuit answers.</summary>
internal static class UpstreamCircuitRules
{
    /// <summary>
    /// The host did not answer in time, refused the connection or answered something that is not its protocol. A 404
    /// for a file, a missing location (there was no call) and the caller's own cancellation say nothing about its health.
    /// </summary>
    public static bool IsFailure(Outcome<object> outcome)
        => outcome.Exception is UpstreamException { Failure: UpstreamFailure.Unreachable or UpstreamFailure.Timeout };

    /// <summary>The key of a host's circuit: <c>host:port</c>, as the call addresses it.</summary>
    public static string KeyOf(string host, int port) => $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>An open circuit is a 503: nobody to ask right now, answered at once instead of after a timeout.</summary>
    public static UpstreamException HeldBack(string what, BrokenCircuitException e)
        => new(
            UpstreamFailure.Unavailable,
            e.RetryAfter is { } wait
                ? $"{what} failed repeatedly; calls to it are held back for {Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture)} s (circuit open)."
                : $"{what} failed repeatedly; calls to it are held back for now (circuit open).",
            e);
}
