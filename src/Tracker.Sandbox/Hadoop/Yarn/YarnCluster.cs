using System.Globalization;
using System.Text;

namespace Tracker.Sandbox.Hadoop.Yarn;

/// <summary>
/// The emulated YARN cluster: applications with their containers and container logs. An application's
/// state follows the clock (ACCEPTED until it starts, RUNNING, then its final state once its finish
/// time has passed), so Oozie's and the ResourceManager's views agree without timers.
/// <paramref name="admins"/> are the cluster's administrators, members of the <c>hadoop</c> group that owns
/// the aggregated-log directories.
/// </summary>
internal sealed class YarnCluster(TimeProvider time, IEnumerable<string>? admins = null)
{
    public const string NodeHost = "sandbox-worker-1.example.com";
    public const int NodePort = 45454;

    /// <summary>yarn.nodemanager.remote-app-log-dir: aggregated logs live in {this}/{owner}/logs/{applicationId}.</summary>
    public const string RemoteAppLogDir = "/tmp/logs";

    private readonly HashSet<string> _administrators = new(admins ?? [], StringComparer.Ordinal);

    private readonly object _gate = new();
    private readonly List<YarnApplicationModel> _applications = [];
    private int _sequence;

    // The RM "started" a day ago, so the demo jobs' applications (back-dated by hours) ran on it.
    public DateTimeOffset StartedOn { get; } = time.GetUtcNow().AddDays(-1);

    public long ClusterTimestamp => StartedOn.ToUnixTimeMilliseconds();

    public DateTimeOffset Now => time.GetUtcNow();

    public YarnApplicationModel Launch(
        string user, string name, string type, string tag, DateTimeOffset started, bool logsAggregated, int containers = 2)
    {
        lock (_gate)
        {
            var seq = ++_sequence;
            var app = new YarnApplicationModel(ClusterTimestamp, seq, user, name, type, "default", tag, started, logsAggregated, containers);
            _applications.Add(app);
            return app;
        }
    }

    public YarnApplicationModel? Find(string id)
    {
        lock (_gate)
        {
            return _applications.FirstOrDefault(a => a.Id == id);
        }
    }

    public IReadOnlyList<YarnApplicationModel> All()
    {
        lock (_gate)
        {
            return _applications.ToArray();
        }
    }

    /// <summary>
    /// What <c>yarn logs -applicationId {id} [-appOwner {appOwner}]</c> prints when <paramref name="user"/> runs it:
    /// every container's stderr, stdout and syslog in the CLI's banner format. Fails as Hadoop 3's CLI does when
    /// the application is unknown, still running, or its aggregated logs are gone; when the owner named (by
    /// default the one the ResourceManager reports) has no logs of it; and when the user may not read that
    /// owner's log directory (<c>drwxrwx---</c>, owner and the <c>hadoop</c> group: the owner and admins).
    /// </summary>
    public YarnLogsResult Logs(string user, string applicationId, string? appOwner)
    {
        var app = Find(applicationId);
        var now = Now;
        if (app is null)
        {
            return new YarnLogsResult(false, "", $"Unable to get ApplicationState. Attempting to fetch logs directly from the filesystem.\n"
                + $"Can not find the appOwner. Please specify the correct appOwner\nCould not locate application logs for {applicationId}\n");
        }

        if (!app.IsFinished(now))
        {
            return new YarnLogsResult(false, "", $"Application {applicationId} has not completed.  Logs are only available after an application completes\n");
        }

        // Without -appOwner the CLI takes the owner from the ResourceManager's application report.
        var owner = string.IsNullOrEmpty(appOwner) ? app.User : appOwner;
        var directory = $"{RemoteAppLogDir}/{owner}/logs/{applicationId}";
        var notFound = $"Can not find the logs for the application: {applicationId} with the appOwner: {owner}\n";
        if (user != owner && !_administrators.Contains(user) && HasLogDirectory(owner))
        {
            return new YarnLogsResult(false, "",
                $"Guessed logs' owner is {owner} and current user {user} does not have permission to access {directory}. "
                + $"Error message found: Permission denied: user={user}, access=EXECUTE, inode=\"{RemoteAppLogDir}/{owner}\":{owner}:hadoop:drwxrwx---\n"
                + notFound);
        }

        if (!app.LogsAggregated || owner != app.User)
        {
            return new YarnLogsResult(false, "",
                $"{directory} does not exist.\nLog aggregation has not completed or is not enabled.\n" + notFound);
        }

        var text = new StringBuilder();
        foreach (var container in app.Containers)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n\nContainer: {container} on {NodeHost}_{NodePort}\n");
            text.Append("LogAggregationType: AGGREGATED\n");
            text.Append("=============================================================================================\n");
            foreach (var file in YarnApplicationModel.LogFiles)
            {
                var content = app.ContainerLog(container, file);
                text.Append(CultureInfo.InvariantCulture, $"LogType:{file}\n");
                text.Append(CultureInfo.InvariantCulture, $"LogLastModifiedTime:{app.FinishedTime!.Value.ToString("ddd MMM dd HH:mm:ss +0000 yyyy", CultureInfo.InvariantCulture)}\n");
                text.Append(CultureInfo.InvariantCulture, $"LogLength:{Encoding.UTF8.GetByteCount(content)}\n");
                text.Append("LogContents:\n");
                text.Append(content);
                text.Append(CultureInfo.InvariantCulture, $"\nEnd of LogType:{file}\n");
                text.Append("*********************************************************************************************\n\n");
            }
        }

        return new YarnLogsResult(true, text.ToString(), "");
    }

    /// <summary>Whether {remote-app-log-dir}/{owner} exists: the NodeManagers create it when they first aggregate the owner's logs.</summary>
    private bool HasLogDirectory(string owner)
    {
        lock (_gate)
        {
            return _applications.Any(a => a.User == owner && a.LogsAggregated);
        }
    }
}

internal sealed record YarnLogsResult(bool Succeeded, string Stdout, string Stderr);

/// <summary>One YARN application of the sandbox; mutable only through <see cref="Finish"/> and <see cref="AppendLog"/>.</summary>
internal sealed class YarnApplicationModel
{
    public static readonly string[] LogFiles = ["stderr", "stdout", "syslog"];

    private readonly object _gate = new();
    private readonly Dictionary<(string Container, string File), StringBuilder> _extraLogs = [];

    public YarnApplicationModel(
        long clusterTimestamp, int sequence, string user, string name, string type, string queue, string tag,
        DateTimeOffset started, bool logsAggregated, int containers)
    {
        ClusterTimestamp = clusterTimestamp;
        Sequence = sequence;
        Id = string.Create(CultureInfo.InvariantCulture, $"application_{clusterTimestamp}_{sequence:D4}");
        User = user;
        Name = name;
        Type = type;
        Queue = queue;
        Tag = tag;
        StartedTime = started;
        LogsAggregated = logsAggregated;
        Containers = Enumerable.Range(1, Math.Max(containers, 1))
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"container_{clusterTimestamp}_{sequence:D4}_01_{c:D6}"))
            .ToArray();
    }

    public long ClusterTimestamp { get; }

    public int Sequence { get; }

    public string Id { get; }

    /// <summary>The MapReduce name of the same application, as Oozie 4 reports it.</summary>
    public string MapReduceJobId => string.Create(CultureInfo.InvariantCulture, $"job_{ClusterTimestamp}_{Sequence:D4}");

    public string User { get; }

    public string Name { get; }

    public string Type { get; }

    public string Queue { get; }

    public string Tag { get; }

    public DateTimeOffset StartedTime { get; }

    public bool LogsAggregated { get; }

    public IReadOnlyList<string> Containers { get; }

    public DateTimeOffset? FinishedTime { get; private set; }

    /// <summary>FINISHED, FAILED or KILLED once finished.</summary>
    public string FinalState { get; private set; } = "FINISHED";

    /// <summary>SUCCEEDED, FAILED or KILLED once finished.</summary>
    public string FinalStatus { get; private set; } = "UNDEFINED";

    public string Diagnostics { get; private set; } = "";

    public bool IsFinished(DateTimeOffset now) => FinishedTime is { } f && f <= now;

    public string State(DateTimeOffset now) => IsFinished(now) ? FinalState : now >= StartedTime ? "RUNNING" : "ACCEPTED";

    public string Status(DateTimeOffset now) => IsFinished(now) ? FinalStatus : "UNDEFINED";

    public void Finish(DateTimeOffset at, string finalState, string finalStatus, string diagnostics = "")
    {
        lock (_gate)
        {
            FinishedTime = at;
            FinalState = finalState;
            FinalStatus = finalStatus;
            Diagnostics = diagnostics;
        }
    }

    public void AppendLog(string file, string text)
    {
        lock (_gate)
        {
            var key = (Containers[^1], file);
            if (!_extraLogs.TryGetValue(key, out var builder))
            {
                _extraLogs[key] = builder = new StringBuilder();
            }

            builder.Append(text);
        }
    }

    /// <summary>A container log whose every line names the application and the container.</summary>
    public string ContainerLog(string container, string file)
    {
        var stamp = StartedTime.ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture);
        var text = file switch
        {
            "stdout" => $"[{Id}/{container}] stdout of {Name}\n[{Id}/{container}] user {User}, queue {Queue}\n",
            "stderr" => $"[{Id}/{container}] stderr of {Name}\n",
            _ => $"{stamp} INFO [main] org.apache.hadoop.yarn.sandbox.Container: {container} of {Id} started for {User}\n"
                + $"{stamp} INFO [main] org.apache.hadoop.yarn.sandbox.Container: {container} of {Id} application name {Name}\n",
        };
        lock (_gate)
        {
            return _extraLogs.TryGetValue((container, file), out var extra) ? text + extra : text;
        }
    }
}
