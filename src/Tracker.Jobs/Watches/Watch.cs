namespace Tracker.Jobs.Watches;

/// <summary>
/// A user's rule: every new job of <see cref="Owner"/> that Oozie lists for <see cref="Filter"/> and
/// <see cref="JobType"/> is tracked. <see cref="Cursor"/> is the creation time from which jobs are still to be looked
/// at; it only moves forward, and is stored, so a restart neither tracks a job again nor misses one.
/// </summary>
internal sealed record Watch
{
    public required string Id { get; init; }

    public required string Owner { get; init; }

    /// <summary>Oozie's <c>key=value;key=value</c> filter as the user gave it, without <c>user</c>.</summary>
    public required string Filter { get; init; }

    /// <summary><c>wf</c>, <c>coordinator</c> or <c>bundle</c>.</summary>
    public required string JobType { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset Cursor { get; init; }

    /// <summary>How many jobs this watch started tracking.</summary>
    public long Tracked { get; init; }

    /// <summary>True while the owner's stored credentials are missing or were refused; <see cref="Reason"/> says which.</summary>
    public bool Blocked { get; init; }

    public string? Reason { get; init; }

    public required DateTimeOffset NextRunAt { get; init; }
}

/// <summary>What one discovery run leaves on the watch row (written only by the lease holder).</summary>
internal sealed record WatchRun(DateTimeOffset Cursor, long NewlyTracked, bool Blocked, string? Reason, DateTimeOffset NextRunAt);
