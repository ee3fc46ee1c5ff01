namespace Tracker.Jobs.Storage;

/// <summary>Where a tracked job is in its life inside Tracker (not Oozie's status).</summary>
internal enum TrackingState
{
    /// <summary>Oozie is polled until the job ends.</summary>
    Tracking,

    /// <summary>The job ended; copy workflows for its applications are being run.</summary>
    Copying,

    /// <summary>Nothing left to do.</summary>
    Done,

    /// <summary>Oozie no longer knows the job (purged); kept so listings can say so.</summary>
    Vanished,
}

/// <summary>One Oozie job a user asked Tracker to follow. The key is (owner, job id).</summary>
internal sealed record TrackedJob
{
    public required string Owner { get; init; }

    public required string JobId { get; init; }

    /// <summary>The coordinator or bundle whose workflow this is, when it was found through one.</summary>
    public string? ParentId { get; init; }

    /// <summary>Oozie's last known status, e.g. RUNNING; null before the first answer.</summary>
    public string? Status { get; init; }

    /// <summary>Application ids without their <c>job_</c>/<c>application_</c> prefix; null until known.</summary>
    public IReadOnlyList<string>? ApplicationIds { get; init; }

    public DateTimeOffset? LastChecked { get; init; }

    public TrackingState State { get; init; }

    /// <summary>Why work stopped or what went wrong last, in words a user can act on.</summary>
    public string? Reason { get; init; }

    /// <summary>Set when the stored credentials were refused; work resumes only after the user signs in again.</summary>
    public bool Blocked { get; init; }

    /// <summary>The user asked for a copy (copy-logs) although the job may not have failed.</summary>
    public bool CopyRequested { get; init; }

    public DateTimeOffset NextPollAt { get; init; }

    /// <summary>Consecutive upstream errors, for backoff.</summary>
    public int Failures { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public static bool IsTerminal(string? status) => Tracker.Hadoop.Oozie.OozieStatus.IsTerminal(status);
}
