using Tracker.Hadoop.Oozie;

namespace Tracker.Jobs.Storage;

/// <summary>Where the copy of one application's logs stands.</summary>
internal enum CopyState
{
    /// <summary>Waiting for its next attempt (see <see cref="ApplicationCopy.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>An attempt was recorded and is being submitted: after a crash it must be reconciled with Oozie, never blindly resubmitted.</summary>
    Submitting,

    /// <summary>A copy workflow runs in Oozie.</summary>
    Submitted,

    /// <summary>The copy workflow succeeded and the file is in HDFS.</summary>
    Succeeded,

    /// <summary>Every attempt failed.</summary>
    Failed,
}

/// <summary>The log copy of one YARN application of a tracked job.</summary>
internal sealed record ApplicationCopy
{
    public required string Owner { get; init; }

    public required string JobId { get; init; }

    public required string ApplicationId { get; init; }

    public CopyState State { get; init; }

    /// <summary>Attempts started so far (the current one included).</summary>
    public int Attempt { get; init; }

    /// <summary>The current attempt's copy workflow id: the <c>job</c> field of API responses.</summary>
    public string? WorkflowId { get; init; }

    /// <summary>The current attempt's workflow application directory in HDFS.</summary>
    public string? AppPath { get; init; }

    /// <summary>The copy was started while the job was still running, so it may miss the end of the logs.</summary>
    public bool Partial { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public bool IsFinal => State is CopyState.Succeeded or CopyState.Failed;

    /// <summary>The status API responses show: Oozie's words, with an attempt that will be retried shown as still running.</summary>
    public string ReportedStatus => State switch
    {
        CopyState.Succeeded => OozieStatus.Succeeded,
        CopyState.Failed => OozieStatus.Failed,
        CopyState.Pending when Attempt == 0 => OozieStatus.Prep,
        _ => OozieStatus.Running,
    };
}

/// <summary>One copy workflow (identified by its own application directory), kept until that directory is removed.</summary>
internal sealed record CopyAttempt
{
    public required string Owner { get; init; }

    public required string JobId { get; init; }

    public required string ApplicationId { get; init; }

    public int Attempt { get; init; }

    public string? WorkflowId { get; init; }

    public required string AppPath { get; init; }

    /// <summary>The attempt is over (success or failure): its directory may go.</summary>
    public bool Ended { get; init; }

    public bool Cleaned { get; init; }
}
