namespace Tracker.Heron.Metrics;

/// <summary>Why a call to a topology's TManager or heron-shell did not produce an answer.</summary>
public enum UpstreamFailure
{
    /// <summary>
    /// There is nobody to ask: no TManager location, no stream manager or no shell port in the state, or the host's
    /// circuit is open after repeated failures. HTTP 503.
    /// </summary>
    Unavailable,

    /// <summary>Connection refused or reset, or an answer that is not the protocol's. HTTP 502.</summary>
    Unreachable,

    /// <summary>No answer within the configured timeout. HTTP 504.</summary>
    Timeout,

    /// <summary>The upstream answered that the thing asked for does not exist (heron-shell's 404 for a file). HTTP 404.</summary>
    NotFound,
}

/// <summary>
/// A TManager or heron-shell call failed. The Heron API's one error map (<c>Apis/UpstreamErrors</c>) turns it into
/// 502/503/504 (or 404) in the route group's error format, never a 500: the fault is upstream, not in the request.
/// </summary>
public sealed class UpstreamException(UpstreamFailure failure, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public UpstreamFailure Failure { get; } = failure;
}
