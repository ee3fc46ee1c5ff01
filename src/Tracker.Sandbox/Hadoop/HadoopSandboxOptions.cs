namespace Tracker.Sandbox.Hadoop;

/// <summary>How to start the emulated Knox gateway.</summary>
public sealed class HadoopSandboxOptions
{
    /// <summary>The port on 127.0.0.1; 0 picks a free one (tests). Default <see cref="SandboxDefaults.GatewayPort"/>.</summary>
    public int Port { get; set; } = SandboxDefaults.GatewayPort;

    /// <summary>Where the emulated HDFS keeps its files. Required.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>The Knox users and their passwords. Default alice:alice-secret and bob:bob-secret.</summary>
    public IReadOnlyDictionary<string, string> Users { get; set; } = SandboxUsers.Defaults;

    /// <summary>
    /// The cluster's administrators (<c>yarn.admin.acl</c>, members of the <c>hadoop</c> group): besides its owner,
    /// only they may read an application's aggregated logs with <c>yarn logs</c>. Default none.
    /// </summary>
    public IReadOnlyCollection<string> Admins { get; set; } = [];

    /// <summary>Whether to create the demo workflow jobs at start. Default true.</summary>
    public bool CreateDemoJobs { get; set; } = true;

    /// <summary>Chaos at the gateway (failed and slow requests); off unless set. May be changed while the sandbox runs.</summary>
    public Knox.KnoxFaults KnoxFaults { get; set; } = new();
}

/// <summary>The sandbox's Knox users.</summary>
public static class SandboxUsers
{
    public const string Alice = "alice";
    public const string AlicePassword = "alice-secret";
    public const string Bob = "bob";
    public const string BobPassword = "bob-secret";

    public static IReadOnlyDictionary<string, string> Defaults { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { [Alice] = AlicePassword, [Bob] = BobPassword };
}

/// <summary>A demo workflow job created at start: whose it is, its id, and what it shows.</summary>
public sealed record DemoWorkflowJob(string User, string Id, string Kind, string Description);
