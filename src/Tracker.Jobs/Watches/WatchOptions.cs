namespace Tracker.Jobs.Watches;

/// <summary><c>Jobs:Watches</c>: the discovery loop's settings.</summary>
public sealed class WatchOptions
{
    public const string Section = "Jobs:Watches";

    public bool Enabled { get; set; } = true;

    /// <summary>How often each watch lists its owner's jobs: one Oozie listing call per watch per interval.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Jobs per listing page; another page is asked for only when a page is full of new jobs.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Watches claimed per round.</summary>
    public int BatchSize { get; set; } = 50;

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);
}
