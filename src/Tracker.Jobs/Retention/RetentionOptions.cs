namespace Tracker.Jobs.Retention;

/// <summary>How long saved logs are kept (<c>Jobs:Retention</c>); off unless <see cref="MaxAge"/> is set.</summary>
internal sealed class RetentionOptions
{
    public const string Section = "Jobs:Retention";

    /// <summary>
    /// How long after a job's last log copy finished its saved logs and its tracked entry are deleted; unset (the
    /// default) keeps everything. Pinned jobs are never deleted.
    /// </summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>Jobs deleted per batch (default 20), so one sweep never holds many leases or HDFS calls at once.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How often the sweeper looks for expired jobs once a sweep found nothing more (default 10 min).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a claim on a job being deleted lasts (default 5 min); a crashed replica's claim is taken over after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsValid => MaxAge is null || MaxAge > TimeSpan.Zero
        ? BatchSize > 0 && Interval > TimeSpan.Zero && LeaseDuration > TimeSpan.Zero
        : false;
}
