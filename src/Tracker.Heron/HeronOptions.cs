namespace Tracker.Heron;

/// <summary>
/// Settings under <c>Heron:</c>. Heron's own tracker YAML file and flags (<c>--config-file</c>,
/// <c>--type</c>, <c>--name</c>, <c>--hostport</c>, <c>--rootpath</c>) are mapped onto these keys by the host.
/// </summary>
public sealed class HeronOptions
{
    public const string Section = "Heron";

    /// <summary>Where topology state is read from; none configured means the tracker lists no topologies.</summary>
    public List<StateManagerOptions> StateManagers { get; set; } = [];

    /// <summary>
    /// The <c>Access-Control-Allow-Origin</c> header of every Heron API response. Default <c>*</c>,
    /// as the Tornado tracker sent (the Heron UI's server calls the tracker, but browser tools
    /// read it directly); empty sends no header.
    /// </summary>
    public string AccessControlAllowOrigin { get; set; } = "*";

    /// <summary>
    /// <c>Heron:Cors:Origins</c>: the browser origins allowed to read answers (a list; <c>*</c> for any).
    /// When set it replaces <see cref="AccessControlAllowOrigin"/>: a listed origin is echoed back, others get no header.
    /// </summary>
    public Access.HeronCorsOptions Cors { get; set; } = new();

    /// <summary>Links rendered into every execution state's <c>extra_links</c> (Heron's <c>extra.links</c>).</summary>
    public List<ExtraLinkOptions> ExtraLinks { get; set; } = [];

    /// <summary>
    /// How often a file state manager re-checks its files when no file system event arrived.
    /// Default 500 ms, so a change shows within a second even where file system events are lost
    /// (network file systems, some containers).
    /// </summary>
    public TimeSpan FilePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Whether file state managers also listen to file system events (default true). Turn off where
    /// events are unreliable or inotify watches are scarce; polling alone still shows changes within
    /// <see cref="FilePollInterval"/>.
    /// </summary>
    public bool FileSystemEvents { get; set; } = true;

    /// <summary>
    /// How many bytes of rendered state answers (<c>/physicalplan</c>, <c>/logicalplan</c>, ...) are
    /// kept for all topologies together; an answer pushed out is rendered again on its next request.
    /// Default 4 MiB: the topologies clients keep asking for stay rendered (about 40 topologies of
    /// 100 instances in both API styles), while thousands of rarely read ones cost only their parsed
    /// state. 0 renders every answer per request.
    /// </summary>
    public long RenderedAnswerCacheBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// How many bytes of parsed physical plans are kept for all topologies together (a parsed plan
    /// is weighed as six times its encoded size). Plans are held encoded; a topology's plan is parsed
    /// when one of its answers is rendered or an instance or stream manager is looked up (metrics,
    /// heron-shell calls), and stays parsed while it is used. Default 2 MiB: about 55 topologies of
    /// 100 instances. 0 parses per use.
    /// </summary>
    public long ParsedPlanCacheBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>The version string emitted as <c>version</c> and <c>tracker_version</c> in the envelope; default: Tracker's build version.</summary>
    public string? TrackerVersion { get; set; }
}

/// <summary>One state manager location (<c>Heron:StateManagers:N:*</c>, or an entry of <c>statemgrs</c> in Heron's YAML).</summary>
public sealed class StateManagerOptions
{
    public const string File = "file";
    public const string ZooKeeper = "zookeeper";

    /// <summary><c>file</c> or <c>zookeeper</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>Unique; what <c>/clusters</c> lists (operators usually name it after the cluster).</summary>
    public string Name { get; set; } = "";

    /// <summary>ZooKeeper only: comma-separated <c>host:port</c> list.</summary>
    public string? HostPort { get; set; }

    /// <summary>File: a directory (<c>~</c> expands to the home directory). ZooKeeper: a znode path such as <c>/heron</c>.</summary>
    public string RootPath { get; set; } = "";

    /// <summary>Accepted for compatibility with Heron's config; Tracker does not open ssh tunnels.</summary>
    public string? TunnelHost { get; set; }

    /// <summary>ZooKeeper only: the session timeout asked for. Default 30 s.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>A link template: <c>${CLUSTER}</c>, <c>${ENVIRON}</c>, <c>${TOPOLOGY}</c>, <c>${ROLE}</c>, <c>${USER}</c>.</summary>
public sealed class ExtraLinkOptions
{
    public string Name { get; set; } = "";

    public string Formatter { get; set; } = "";
}
