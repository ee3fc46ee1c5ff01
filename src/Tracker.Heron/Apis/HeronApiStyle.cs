namespace Tracker.Heron.Apis;

/// <summary>The two API generations Tracker serves side by side (contract §0, §9).</summary>
public enum HeronApiStyle
{
    /// <summary>
    /// At the root and under <c>/v1</c>: every answer wrapped as
    /// <c>{"status","executiontime","message","result","version","tracker_version"}</c>, the
    /// Tornado-era paths and field names (<c>stmgrId</c>, <c>stack_trace</c>, string metric values).
    /// </summary>
    Envelope,

    /// <summary>
    /// Under <c>/v2</c>: the 0.20.5 (FastAPI) style for current Heron UI and heron-explorer: the
    /// bare payload, an <c>x-process-time</c> header, its field names (<c>stmgr_id</c>, <c>stacktrace</c>);
    /// errors as <c>{"detail": "..."}</c>.
    /// </summary>
    Unwrapped,
}
