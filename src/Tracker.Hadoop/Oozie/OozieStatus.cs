namespace Tracker.Hadoop.Oozie;

/// <summary>
/// The statuses Oozie reports, the one place Tracker names them. Workflows use Oozie's <c>WorkflowJob.Status</c>:
/// PREP, RUNNING, SUCCEEDED, KILLED, FAILED, SUSPENDED. Coordinators and bundles use the generic <c>Job.Status</c>,
/// which adds PREMATER, PAUSED, PREPPAUSED, PREPSUSPENDED, RUNNINGWITHERROR, SUSPENDEDWITHERROR, PAUSEDWITHERROR,
/// DONEWITHERROR and IGNORED (Oozie client API, as listed in the Oozie section of the Jobs contract reference).
/// </summary>
public static class OozieStatus
{
    public const string Prep = "PREP";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Killed = "KILLED";
    public const string Failed = "FAILED";
    public const string Suspended = "SUSPENDED";

    public const string PreMaterialization = "PREMATER";
    public const string Paused = "PAUSED";
    public const string PrepPaused = "PREPPAUSED";
    public const string PrepSuspended = "PREPSUSPENDED";
    public const string RunningWithError = "RUNNINGWITHERROR";
    public const string SuspendedWithError = "SUSPENDEDWITHERROR";
    public const string PausedWithError = "PAUSEDWITHERROR";
    public const string DoneWithError = "DONEWITHERROR";
    public const string Ignored = "IGNORED";

    /// <summary>A workflow that ended: SUCCEEDED, KILLED or FAILED. Oozie will not change its status again.</summary>
    public static bool IsWorkflowTerminal(string? status) => status is Succeeded or Killed or Failed;

    /// <summary>
    /// Any job (workflow, coordinator or bundle) that ended: the workflow endings plus DONEWITHERROR and IGNORED,
    /// the statuses of Oozie's <c>CoordinatorJobBean.isTerminalStatus</c>. IGNORED is terminal: Oozie's
    /// <c>job -ignore</c> moves only a coordinator that already ended KILLED or FAILED to it, so that its bundle
    /// may end SUCCEEDED, and nothing moves it on. (A bundle itself is never IGNORED, which is why
    /// <c>BundleJobBean</c> does not list it.) A workflow never reports the two extra statuses, so this serves for
    /// a tracked job of any kind.
    /// </summary>
    public static bool IsTerminal(string? status) => IsWorkflowTerminal(status) || status is DoneWithError or Ignored;

    /// <summary>A workflow that ended without succeeding: its applications' logs are copied.</summary>
    public static bool IsWorkflowFailure(string? status) => status is Failed or Killed;
}
