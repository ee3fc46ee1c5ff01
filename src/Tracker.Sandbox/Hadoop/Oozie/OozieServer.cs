using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Tracker.Sandbox.Hadoop.Hdfs;
using Tracker.Sandbox.Hadoop.Yarn;

namespace Tracker.Sandbox.Hadoop.Oozie;

/// <summary>
/// The emulated Oozie server: submission, the job table (in memory), the lifecycle of each job and the
/// execution of shell workflows such as the tracker's copy workflow. This part holds the table and the
/// workflow lifecycle (submit, start, kill, end); coordinators and bundles, scripted demo jobs and the
/// execution of workflow definitions are the other parts.
/// </summary>
internal sealed partial class OozieServer(HdfsFileTree hdfs, YarnCluster yarn, TimeProvider time, ILogger logger)
{
    public const string Outcome = "sandbox.outcome";
    public const string Runtime = "sandbox.runtime.seconds";
    public const string Applications = "sandbox.applications";
    public const string Logs = "sandbox.logs";
    public const string Version = "sandbox.oozie.version";

    private readonly object _gate = new();
    private readonly List<WorkflowJobModel> _jobs = [];
    private readonly List<CoordinatorJobModel> _coordinators = [];
    private readonly List<BundleJobModel> _bundles = [];

    // Jobs submitted without action=start wait here for PUT ?action=start.
    private readonly Dictionary<string, Action> _pendingStarts = [];
    private readonly string _serverStamp = time.GetUtcNow().ToString("yyMMddHHmmssfff", CultureInfo.InvariantCulture);
    private int _sequence;

    /// <summary>The Oozie version whose external ids jobs report unless <c>sandbox.oozie.version</c> says otherwise.</summary>
    public int DefaultVersion { get; init; } = 4;

    /// <summary>The job trackers and name nodes workflows may use: the cluster's own.</summary>
    public HadoopAccessor Accessor { get; init; } = HadoopAccessor.Sandbox;

    /// <summary>Sends <c>oozie.wf.workflow.notification.url</c> notifications for the jobs that ask for them.</summary>
    public WorkflowNotifier Notifier { get; } = new(time, logger);

    public DateTimeOffset Now => time.GetUtcNow();

    public WorkflowJobModel? Find(string id)
    {
        lock (_gate)
        {
            return _jobs.FirstOrDefault(j => j.Id == id);
        }
    }

    public IReadOnlyList<WorkflowJobModel> All()
    {
        lock (_gate)
        {
            return _jobs.ToArray();
        }
    }

    /// <summary>Oozie's id form: one sequence for every job type, the server's start stamp, the system id and the type.</summary>
    private string NewId(char type) => string.Create(CultureInfo.InvariantCulture, $"{++_sequence:D7}-{_serverStamp}-oozie-{type}");

    /// <summary>
    /// Accepts a job configuration as <c>POST /v1/jobs</c> does. The workflow comes from
    /// <c>oozie.jobs.api.generated.xml</c>, else from <c>{oozie.wf.application.path}/workflow.xml</c> in HDFS;
    /// without either, <c>sandbox.*</c> properties describe a job whose outcome is scripted.
    /// </summary>
    public WorkflowJobModel Submit(string user, IReadOnlyDictionary<string, string> properties, string confXml, bool start)
    {
        var version = ReadInt(properties, Version, DefaultVersion, 4, 5);

        // Checked before the job exists, so that a bad value is a 400 that leaves nothing behind.
        _ = ReadInt(properties, Runtime, 2, 0, 7 * 86400);
        if (!properties.TryGetValue("oozie.wf.application.path", out var appPathValue) || string.IsNullOrWhiteSpace(appPathValue))
        {
            throw new OozieRequestException(HttpStatusCode.BadRequest, "E0405", "E0405: Submission request doesn't have any application or lib path");
        }

        // Oozie opens the application path's file system to read workflow.xml, and may open only the cluster's.
        Accessor.CheckApplicationPath(appPathValue);

        var appPath = HdfsFileTree.Normalize(appPathValue.Trim())
            ?? throw new OozieRequestException(HttpStatusCode.BadRequest, "E0505", $"E0505: App definition [{appPathValue}] does not exist");
        var workflowFile = appPath.EndsWith(".xml", StringComparison.Ordinal) ? appPath : $"{appPath}/workflow.xml";
        var appDirectory = appPath.EndsWith(".xml", StringComparison.Ordinal) ? HdfsFileTree.Parent(appPath) : appPath;

        string? definitionXml = null;
        if (properties.TryGetValue("oozie.jobs.api.generated.xml", out var generated) && !string.IsNullOrWhiteSpace(generated))
        {
            definitionXml = generated.TrimStart().StartsWith("&lt;", StringComparison.Ordinal) ? WebUtility.HtmlDecode(generated) : generated;
        }
        else if (hdfs.IsFile(workflowFile))
        {
            definitionXml = File.ReadAllText(hdfs.Physical(workflowFile));
        }

        WorkflowDefinition? definition = null;
        if (definitionXml is not null)
        {
            try
            {
                definition = WorkflowDefinition.Parse(definitionXml);
            }
            catch (WorkflowDefinitionException e)
            {
                throw new OozieRequestException(HttpStatusCode.BadRequest, e.ErrorCode, e.Message);
            }
        }
        else if (!properties.Keys.Any(k => k.StartsWith("sandbox.", StringComparison.Ordinal)))
        {
            throw new OozieRequestException(HttpStatusCode.BadRequest, "E0505", $"E0505: App definition [{workflowFile}] does not exist");
        }

        var scripted = definition is null ? ScriptedJob.Read(properties) with { OozieVersion = version } : null;
        var now = Now;
        WorkflowJobModel job;
        lock (_gate)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{++_sequence:D7}-{_serverStamp}-oozie-W");
            var appName = definition?.Name ?? (properties.TryGetValue("oozie.wf.application.name", out var n) ? n : HdfsFileTree.Name(appDirectory));
            job = new WorkflowJobModel(id, appName, "hdfs://sandbox" + appPath, user, confXml, version, now)
            {
                Definition = definitionXml ?? ScriptedDefinition(appName, scripted!),
            };
            _jobs.Add(job);
            if (!start)
            {
                var created = job;
                _pendingStarts[job.Id] = () => Start(created, definition, scripted, appDirectory, properties);
            }
        }

        LogSubmitted(job.Id, user, job.AppName);
        Notifier.Watch(job, properties);
        if (start)
        {
            Start(job, definition, scripted, appDirectory, properties);
        }

        return job;
    }

    /// <summary><c>PUT /v1/job/{id}?action=start</c> for a job submitted without <c>action=start</c>.</summary>
    public bool StartPrep(WorkflowJobModel job)
    {
        Action? start;
        lock (_gate)
        {
            if (!_pendingStarts.Remove(job.Id, out start))
            {
                return false;
            }
        }

        start();
        return true;
    }

    /// <summary><c>PUT /v1/job/{id}?action=kill</c>: ends a job that has not ended, and its applications.</summary>
    public bool Kill(WorkflowJobModel job)
    {
        var now = Now;
        lock (_gate)
        {
            _pendingStarts.Remove(job.Id);
        }

        lock (job.Gate)
        {
            if (job.EndTime is { } end && end <= now && job.Outcome is not null)
            {
                return false;
            }

            job.StartTime ??= now;
            job.RemoveActionsAfter(now);
            job.Outcome = "KILLED";
            job.EndTime = now;
            job.LastModTime = now;
            foreach (var action in job.AllActions().Where(a => !a.IsEnded(now)))
            {
                action.EndTime = now;
                action.FinalStatus = "KILLED";
                action.FinalExternalStatus = "KILLED";
                action.Transition = null;
            }
        }

        foreach (var app in job.Applications().Where(a => !a.IsFinished(now)))
        {
            app.Finish(now, "KILLED", "KILLED", "Application killed by user.");
        }

        job.Cancellation.Cancel();
        return true;
    }

    public static string ExternalId(WorkflowJobModel job, YarnApplicationModel app) =>
        job.OozieVersion >= 5 ? app.Id : app.MapReduceJobId;

    /// <summary>The <c>oozie-&lt;sha384&gt;</c> tag Oozie puts on the applications of one action.</summary>
    public static string YarnTag(string actionId) =>
        "oozie-" + Convert.ToHexStringLower(SHA384.HashData(Encoding.UTF8.GetBytes(actionId)))[..64];

    public static string Configuration(IReadOnlyDictionary<string, string> properties) =>
        new XElement("configuration", properties.Select(p => new XElement("property", new XElement("name", p.Key), new XElement("value", p.Value)))).ToString();

    /// <summary>
    /// Starts a job as Oozie's <c>StartXCommand</c> does, before the submission or PUT is answered: the job is
    /// RUNNING and its <c>:start:</c> node done when the caller looks next; the actions follow in real time.
    /// </summary>
    private void Start(
        WorkflowJobModel job, WorkflowDefinition? definition, ScriptedJob? scripted, string appDirectory, IReadOnlyDictionary<string, string> properties)
    {
        var start = Now;
        if (scripted is not null)
        {
            PlanScripted(job, scripted, start);
            return;
        }

        lock (job.Gate)
        {
            job.StartTime = start;
            job.LastModTime = start;
        }

        job.Add(new WorkflowActionModel(job.Id, ":start:", ":START:", start) { EndTime = start, Transition = definition!.StartTo });
        var runtime = TimeSpan.FromSeconds(ReadInt(properties, Runtime, 2, 0, 7 * 86400));
        _ = Task.Run(() => RunDefinitionAsync(job, definition, appDirectory, runtime, properties));
    }

    private void Finish(WorkflowJobModel job, string outcome, DateTimeOffset at)
    {
        lock (job.Gate)
        {
            if (job.Outcome is not null)
            {
                return;
            }

            job.Outcome = outcome;
            job.EndTime = at;
            job.LastModTime = at;
        }

        LogJobEnded(job.Id, outcome);
    }

    private static int ReadInt(IReadOnlyDictionary<string, string> properties, string name, int fallback, int min, int max)
    {
        if (!properties.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new OozieRequestException(HttpStatusCode.BadRequest, "E0000", $"E0000: {name} must be a whole number from {min} to {max}, got [{text}]");
    }

    [LoggerMessage(EventId = EventIds.Submitted, Level = LogLevel.Information, Message = "Sandbox Oozie: job {JobId} submitted by {User} ({AppName})")]
    private partial void LogSubmitted(string jobId, string user, string appName);

    [LoggerMessage(EventId = EventIds.ActionEnded, Level = LogLevel.Information, Message = "Sandbox Oozie: job {JobId} action {Action} ended with exit code {ExitCode}")]
    private partial void LogActionEnded(string jobId, string action, int exitCode);

    [LoggerMessage(EventId = EventIds.JobEnded, Level = LogLevel.Information, Message = "Sandbox Oozie: job {JobId} ended {Outcome}")]
    private partial void LogJobEnded(string jobId, string outcome);

    [LoggerMessage(EventId = EventIds.RunFailed, Level = LogLevel.Error, Message = "Sandbox Oozie: job {JobId} could not run")]
    private partial void LogRunFailed(string jobId, Exception exception);

    [LoggerMessage(EventId = EventIds.ActionRefused, Level = LogLevel.Information, Message = "Sandbox Oozie: job {JobId} action {Action} refused, {ErrorCode}: {Message}")]
    private partial void LogActionRefused(string jobId, string action, string errorCode, string message);
}
