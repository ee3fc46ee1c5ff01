using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Tracker.Sandbox.Hadoop.Hdfs;
using Tracker.Sandbox.Hadoop.Shell;
using Tracker.Sandbox.Hadoop.Yarn;

namespace Tracker.Sandbox.Hadoop.Oozie;

/// <summary>
/// The emulated Oozie server: submission, the job table (in memory), the lifecycle of each job and the
/// execution of shell workflows such as the tracker's copy workflow.
/// </summary>
internal sealed partial class OozieServer(HdfsFileTree hdfs, YarnCluster yarn, TimeProvider time, ILogger logger)
{
    public const string Outcome = "sandbox.outcome";
    public const string Runtime = "sandbox.runtime.seconds";
    public const string Applications = "sandbox.applications";
    public const string Logs = "sandbox.logs";
    public const string Version = "sandbox.oozie.version";

    private readonly object gate = new();
    private readonly List<WorkflowJobModel> jobs = [];
    private readonly List<CoordinatorJobModel> coordinators = [];
    private readonly List<BundleJobModel> bundles = [];

    // Jobs submitted without action=start wait here for PUT ?action=start.
    private readonly Dictionary<string, Action> pendingStarts = [];
    private readonly string serverStamp = time.GetUtcNow().ToString("yyMMddHHmmssfff", CultureInfo.InvariantCulture);
    private int sequence;

    /// <summary>The Oozie version whose external ids jobs report unless <c>sandbox.oozie.version</c> says otherwise.</summary>
    public int DefaultVersion { get; init; } = 4;

    /// <summary>The job trackers and name nodes workflows may use: the cluster's own.</summary>
    public HadoopAccessor Accessor { get; init; } = HadoopAccessor.Sandbox;

    public DateTimeOffset Now => time.GetUtcNow();

    public WorkflowJobModel? Find(string id)
    {
        lock (gate)
        {
            return jobs.FirstOrDefault(j => j.Id == id);
        }
    }

    public IReadOnlyList<WorkflowJobModel> All()
    {
        lock (gate)
        {
            return jobs.ToArray();
        }
    }

    public CoordinatorJobModel? FindCoordinator(string id)
    {
        lock (gate)
        {
            return coordinators.FirstOrDefault(c => c.Id == id);
        }
    }

    public IReadOnlyList<CoordinatorJobModel> AllCoordinators()
    {
        lock (gate)
        {
            return coordinators.ToArray();
        }
    }

    public BundleJobModel? FindBundle(string id)
    {
        lock (gate)
        {
            return bundles.FirstOrDefault(b => b.Id == id);
        }
    }

    public IReadOnlyList<BundleJobModel> AllBundles()
    {
        lock (gate)
        {
            return bundles.ToArray();
        }
    }

    /// <summary>
    /// Creates a demo coordinator running <paramref name="workflowName"/> every <paramref name="frequency"/> from
    /// <paramref name="start"/>: one action per entry of <paramref name="runs"/>, each materialising a scripted
    /// workflow job (whose <c>parentId</c> is the action) at its nominal time.
    /// </summary>
    public CoordinatorJobModel AddCoordinator(
        string user, string appName, string workflowName, IReadOnlyList<ScriptedJob> runs, DateTimeOffset start, TimeSpan frequency, string? bundleId = null)
    {
        var appPath = $"hdfs://sandbox/user/{user}/apps/{appName}";
        var conf = Configuration(new Dictionary<string, string>
        {
            ["user.name"] = user,
            ["oozie.coord.application.path"] = appPath,
            ["wfAppPath"] = $"hdfs://sandbox/user/{user}/apps/{workflowName}",
        });
        CoordinatorJobModel coordinator;
        lock (gate)
        {
            coordinator = new CoordinatorJobModel(NewId('C'), appName, appPath, user, conf, start - TimeSpan.FromMinutes(1))
            {
                StartTime = start,
                EndTime = start + frequency * runs.Count,
                Frequency = frequency,
                BundleId = bundleId,
            };
            coordinators.Add(coordinator);
        }

        for (var i = 0; i < runs.Count; i++)
        {
            var nominal = start + frequency * i;
            var workflow = AddScripted(user, workflowName, runs[i], nominal, parentId: $"{coordinator.Id}@{i + 1}");
            coordinator.Add(new CoordinatorActionModel(coordinator, i + 1, nominal, workflow));
        }

        return coordinator;
    }

    /// <summary>Creates a demo bundle whose coordinators <paramref name="addCoordinators"/> creates with the bundle's id.</summary>
    public BundleJobModel AddBundle(string user, string appName, DateTimeOffset kickoff, Func<string, IEnumerable<CoordinatorJobModel>> addCoordinators)
    {
        var appPath = $"hdfs://sandbox/user/{user}/apps/{appName}";
        BundleJobModel bundle;
        lock (gate)
        {
            bundle = new BundleJobModel(NewId('B'), appName, appPath, user,
                Configuration(new Dictionary<string, string> { ["user.name"] = user, ["oozie.bundle.application.path"] = appPath }),
                kickoff - TimeSpan.FromMinutes(1))
            {
                KickoffTime = kickoff,
            };
            bundles.Add(bundle);
        }

        bundle.Coordinators.AddRange(addCoordinators(bundle.Id));
        return bundle;
    }

    /// <summary>Oozie's id form: one sequence for every job type, the server's start stamp, the system id and the type.</summary>
    private string NewId(char type) => string.Create(CultureInfo.InvariantCulture, $"{++sequence:D7}-{serverStamp}-oozie-{type}");

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
        lock (gate)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{++sequence:D7}-{serverStamp}-oozie-W");
            var appName = definition?.Name ?? (properties.TryGetValue("oozie.wf.application.name", out var n) ? n : HdfsFileTree.Name(appDirectory));
            job = new WorkflowJobModel(id, appName, "hdfs://sandbox" + appPath, user, confXml, version, now)
            {
                Definition = definitionXml ?? ScriptedDefinition(appName, scripted!),
            };
            jobs.Add(job);
            if (!start)
            {
                var created = job;
                pendingStarts[job.Id] = () => Start(created, definition, scripted, appDirectory, properties);
            }
        }

        LogSubmitted(job.Id, user, job.AppName);
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
        lock (gate)
        {
            if (!pendingStarts.Remove(job.Id, out start))
            {
                return false;
            }
        }

        start();
        return true;
    }

    /// <summary>Creates a demo job whose whole life is planned from <paramref name="created"/>, possibly in the past.</summary>
    public WorkflowJobModel AddScripted(string user, string appName, ScriptedJob plan, DateTimeOffset created, string? parentId = null)
    {
        WorkflowJobModel job;
        lock (gate)
        {
            var id = NewId('W');
            var conf = Configuration(new Dictionary<string, string>
            {
                ["user.name"] = user,
                ["oozie.wf.application.path"] = $"hdfs://sandbox/user/{user}/apps/{appName}",
                [Outcome] = plan.Outcome,
                [Runtime] = plan.Runtime.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                [Applications] = plan.Applications.ToString(CultureInfo.InvariantCulture),
                [Logs] = plan.LogsAggregated ? "aggregated" : "missing",
            });
            job = new WorkflowJobModel(id, appName, $"hdfs://sandbox/user/{user}/apps/{appName}", user, conf, plan.OozieVersion, created)
            {
                Definition = ScriptedDefinition(appName, plan),
                ParentId = parentId,
            };
            jobs.Add(job);
        }

        PlanScripted(job, plan, created + TimeSpan.FromSeconds(1));
        return job;
    }

    /// <summary><c>PUT /v1/job/{id}?action=kill</c>: ends a job that has not ended, and its applications.</summary>
    public bool Kill(WorkflowJobModel job)
    {
        var now = Now;
        lock (gate)
        {
            pendingStarts.Remove(job.Id);
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

    /// <summary>Oozie's own log for the job (<c>show=log</c>): a line per transition reached so far.</summary>
    public string JobLog(WorkflowJobModel job)
    {
        var now = Now;
        var text = new StringBuilder();
        void Line(DateTimeOffset at, string command, string? action, string message) =>
            text.Append(CultureInfo.InvariantCulture,
                $"{at:yyyy-MM-dd HH:mm:ss,fff}  INFO {command} - SERVER[sandbox-oozie] USER[{job.User}] GROUP[-] TOKEN[] APP[{job.AppName}] JOB[{job.Id}] ACTION[{action ?? "-"}] {message}\n");

        if (job.StartTime is { } started && started <= now)
        {
            Line(started, "StartXCommand:520", null, "Start workflow job");
        }

        foreach (var action in job.Actions(now))
        {
            Line(action.StartTime, "ActionStartXCommand:520", action.Id, $"Start action [{action.Id}] with user-retry state : userRetryCount [0], userRetryMax [0], userRetryInterval [10]");
            if (action.Launcher is { } launcher)
            {
                Line(action.StartTime, "ActionStartXCommand:520", action.Id,
                    $"[***{action.Id}***]Action status=RUNNING externalId={ExternalId(job, launcher)}");
            }

            if (action.IsEnded(now))
            {
                Line(action.EndTime!.Value, "ActionEndXCommand:520", action.Id,
                    $"[***{action.Id}***]Action updated in DB! status={action.Status(now)}" + (action.ErrorMessage is null ? "" : $" error=[{action.ErrorMessage}]"));
            }
        }

        if (job.EndTime is { } ended && ended <= now && job.Outcome is not null)
        {
            Line(ended, "WorkflowNotificationXCommand:520", null, $"No Notification URL is defined. Therefore nothing to notify for job {job.Id}");
            Line(ended, "SignalXCommand:520", null, $"Workflow job ended with status [{job.Outcome}]");
        }

        return text.ToString();
    }

    /// <summary>What a scripted job's workflow.xml would look like: one action, then end or a kill node.</summary>
    private static string ScriptedDefinition(string appName, ScriptedJob plan)
    {
        XNamespace wf = "uri:oozie:workflow:0.5";
        var (name, type) = plan.Applications >= 2 ? ("mr-node", "map-reduce") : ("shell-node", "shell");
        return new XElement(wf + "workflow-app", new XAttribute("name", appName),
            new XElement(wf + "start", new XAttribute("to", name)),
            new XElement(wf + "action", new XAttribute("name", name),
                new XElement(wf + type, new XElement(wf + "job-tracker", SandboxDefaults.ResourceManagerAddress), new XElement(wf + "name-node", SandboxDefaults.NameNode)),
                new XElement(wf + "ok", new XAttribute("to", "end")),
                new XElement(wf + "error", new XAttribute("to", "fail"))),
            new XElement(wf + "kill", new XAttribute("name", "fail"), new XElement(wf + "message", "Action failed")),
            new XElement(wf + "end", new XAttribute("name", "end"))).ToString();
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

    /// <summary>Lays out a scripted job's whole life: PREP until <paramref name="start"/>, one action with its applications, then the outcome.</summary>
    private void PlanScripted(WorkflowJobModel job, ScriptedJob plan, DateTimeOffset start)
    {
        var end = start + plan.Runtime;
        var actionName = plan.Applications >= 2 ? "mr-node" : "shell-node";
        var actionType = plan.Applications >= 2 ? "map-reduce" : "shell";
        var actionId = $"{job.Id}@{actionName}";
        var tag = YarnTag(actionId);

        YarnApplicationModel? launcher = plan.Applications >= 1
            ? yarn.Launch(job.User, $"oozie:launcher:T={actionType}:W={job.AppName}:A={actionName}:ID={job.Id}", "MAPREDUCE", tag, start, plan.LogsAggregated)
            : null;
        var children = Enumerable.Range(1, Math.Max(plan.Applications - 1, 0))
            .Select(i => yarn.Launch(job.User, $"oozie:action:T={actionType}:W={job.AppName}:A={actionName}:ID={job.Id}", "MAPREDUCE", tag,
                start + plan.Runtime / 4, plan.LogsAggregated, containers: 3))
            .ToList();

        var (actionStatus, externalStatus, transition, terminal) = plan.Outcome switch
        {
            "SUCCEEDED" => ("OK", "SUCCEEDED", "end", "end"),
            "KILLED" => ("ERROR", "FAILED/KILLED", "fail", "fail"),
            _ => ("FAILED", "FAILED/KILLED", (string?)null, (string?)null),
        };
        var (appState, appStatus) = plan.Outcome switch
        {
            "SUCCEEDED" => ("FINISHED", "SUCCEEDED"),
            "KILLED" => ("KILLED", "KILLED"),
            _ => ("FINISHED", "FAILED"),
        };
        foreach (var app in children.Prepend(launcher).OfType<YarnApplicationModel>())
        {
            app.Finish(end, appState, appStatus, appStatus == "SUCCEEDED" ? "" : $"Task failed task_{app.ClusterTimestamp}_{app.Sequence:D4}_m_000000\nJob failed as tasks failed.");
        }

        lock (job.Gate)
        {
            job.StartTime = start;
            job.EndTime = plan.Outcome == "RUNNING" ? null : end;
            job.Outcome = plan.Outcome;
            job.LastModTime = plan.Outcome == "RUNNING" ? start : end;
            job.Add(new WorkflowActionModel(job.Id, ":start:", ":START:", start) { EndTime = start, Transition = actionName });
            var action = new WorkflowActionModel(job.Id, actionName, actionType, start)
            {
                Launcher = launcher,
                Conf = "<configuration/>",
                EndTime = plan.Outcome == "RUNNING" ? null : end,
                FinalStatus = actionStatus,
                FinalExternalStatus = externalStatus,
                Transition = transition,
                ErrorCode = plan.Outcome == "SUCCEEDED" ? null : "JA018",
                ErrorMessage = plan.Outcome == "SUCCEEDED" ? null : "Main Class [org.apache.oozie.action.hadoop.MapReduceMain], exit code [2]",
            };
            action.Children.AddRange(children);
            job.Add(action);
            if (terminal is not null)
            {
                job.Add(new WorkflowActionModel(job.Id, terminal == "end" ? ":end:" : "fail", terminal == "end" ? ":END:" : ":KILL:", end) { EndTime = end });
            }
        }

        if (plan.Outcome == "RUNNING")
        {
            // A long-running job's applications run until it is killed.
            foreach (var app in children.Prepend(launcher).OfType<YarnApplicationModel>())
            {
                app.Finish(DateTimeOffset.MaxValue, "FINISHED", "SUCCEEDED");
            }
        }
    }

    /// <summary>Walks a workflow definition node by node, in real time, executing shell actions.</summary>
    private async Task RunDefinitionAsync(
        WorkflowJobModel job, WorkflowDefinition definition, string appDirectory, TimeSpan runtime, IReadOnlyDictionary<string, string> properties)
    {
        var token = job.Cancellation.Token;
        try
        {
            var current = definition.StartTo;
            for (var step = 0; step < 100; step++)
            {
                var node = definition.Nodes[current];
                var now = Now;
                switch (node)
                {
                    case EndNode end:
                        job.Add(new WorkflowActionModel(job.Id, ":end:", ":END:", now) { EndTime = now });
                        Finish(job, "SUCCEEDED", now);
                        return;
                    case KillNode kill:
                        job.Add(new WorkflowActionModel(job.Id, kill.Name, ":KILL:", now) { EndTime = now, ErrorCode = "E0729", ErrorMessage = kill.Message });
                        Finish(job, "KILLED", now);
                        return;
                    case ActionNode action:
                        if (Accessor.Refuse(action, definition, properties) is { } refusal)
                        {
                            if (RefuseAction(job, action, refusal) is not { } next)
                            {
                                Finish(job, "FAILED", Now);
                                return;
                            }

                            current = next;
                            break;
                        }

                        current = await RunActionAsync(job, action, appDirectory, runtime, token);
                        break;
                }
            }

            Finish(job, "FAILED", Now);
        }
        catch (OperationCanceledException)
        {
            // Killed: Kill() has recorded the end.
        }
        catch (Exception e)
        {
            LogRunFailed(job.Id, e);
            Finish(job, "FAILED", Now);
        }
    }

    /// <summary>
    /// An action Oozie cannot start: nothing reaches YARN, the action ends at once with the refusal's code and
    /// message and takes its <c>error</c> transition, or (an EL error) fails the job; null then.
    /// </summary>
    private string? RefuseAction(WorkflowJobModel job, ActionNode node, ActionRefusal refusal)
    {
        var now = Now;
        var action = new WorkflowActionModel(job.Id, node.Name, node.Type, now)
        {
            Conf = node.Body.ToString(),
            EndTime = now,
            FinalStatus = refusal.FailsJob ? "FAILED" : "ERROR",
            FinalExternalStatus = refusal.FailsJob ? null : "ERROR",
            Transition = refusal.FailsJob ? null : node.Error,
            ErrorCode = refusal.ErrorCode,
            ErrorMessage = refusal.Message,
        };
        job.Add(action);
        lock (job.Gate)
        {
            job.LastModTime = now;
        }

        LogActionRefused(job.Id, node.Name, refusal.ErrorCode, refusal.Message);
        return refusal.FailsJob ? null : node.Error;
    }

    private async Task<string> RunActionAsync(WorkflowJobModel job, ActionNode node, string appDirectory, TimeSpan runtime, CancellationToken token)
    {
        var started = Now;
        var actionId = $"{job.Id}@{node.Name}";
        var launcher = yarn.Launch(job.User, $"oozie:launcher:T={node.Type}:W={job.AppName}:A={node.Name}:ID={job.Id}", "MAPREDUCE", YarnTag(actionId), started, logsAggregated: true);
        var action = new WorkflowActionModel(job.Id, node.Name, node.Type, started) { Launcher = launcher, Conf = node.Body.ToString() };
        job.Add(action);
        await Task.Delay(runtime, time, token);

        var (exitCode, stdout, stderr) = node.Type == "shell" ? RunShell(job, node, appDirectory) : (0, "", "");
        launcher.AppendLog("stdout", stdout);
        launcher.AppendLog("stderr", stderr);
        var now = Now;
        var succeeded = exitCode == 0;
        launcher.Finish(now, "FINISHED", succeeded ? "SUCCEEDED" : "FAILED", succeeded ? "" : $"Shell script exited with code {exitCode}");
        lock (job.Gate)
        {
            action.EndTime = now;
            action.FinalStatus = succeeded ? "OK" : "ERROR";
            action.FinalExternalStatus = succeeded ? "SUCCEEDED" : "FAILED/KILLED";
            action.Transition = succeeded ? node.Ok : node.Error;
            if (!succeeded)
            {
                action.ErrorCode = exitCode.ToString(CultureInfo.InvariantCulture);
                action.ErrorMessage = $"Main Class [org.apache.oozie.action.hadoop.ShellMain], exit code [{exitCode}]";
            }

            job.LastModTime = now;
        }

        LogActionEnded(job.Id, node.Name, exitCode);
        return succeeded ? node.Ok : node.Error;
    }

    /// <summary>
    /// Runs the shell action's <c>exec</c>: a script shipped with a <c>file</c> element (absolute, or relative
    /// to the application directory; <c>#name</c> renames it) is read from HDFS and interpreted with the
    /// action's arguments, as the workflow's user.
    /// </summary>
    private (int ExitCode, string Stdout, string Stderr) RunShell(WorkflowJobModel job, ActionNode node, string appDirectory)
    {
        var exec = node.Child("exec") ?? "";
        var arguments = node.Children("argument");
        var files = node.Children("file").Select(f =>
        {
            var hash = f.IndexOf('#');
            var path = hash >= 0 ? f[..hash] : f;
            var link = hash >= 0 ? f[(hash + 1)..] : Path.GetFileName(path);
            var absolute = HdfsFileTree.Normalize(path.StartsWith('/') || path.Contains("://", StringComparison.Ordinal) ? path : $"{appDirectory}/{path}");
            return (Link: link, Path: absolute);
        }).ToArray();

        var script = files.FirstOrDefault(f => f.Link == exec).Path;
        if (script is null || !hdfs.IsFile(script))
        {
            var commands = new ShellCommands(job.User, hdfs, yarn);
            var direct = commands.Run([exec, .. arguments], "");
            return (direct.Status, direct.Stdout, direct.Stderr
                + (script is null ? "" : $"Cannot run program \"{exec}\": error=2, No such file or directory\n"));
        }

        var result = ShellScript.Run(File.ReadAllText(hdfs.Physical(script)), arguments, new ShellCommands(job.User, hdfs, yarn));
        return (result.ExitCode, result.Stdout, result.Stderr);
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

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Sandbox Oozie: job {JobId} submitted by {User} ({AppName})")]
    private partial void LogSubmitted(string jobId, string user, string appName);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Sandbox Oozie: job {JobId} action {Action} ended with exit code {ExitCode}")]
    private partial void LogActionEnded(string jobId, string action, int exitCode);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Sandbox Oozie: job {JobId} ended {Outcome}")]
    private partial void LogJobEnded(string jobId, string outcome);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Sandbox Oozie: job {JobId} could not run")]
    private partial void LogRunFailed(string jobId, Exception exception);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Sandbox Oozie: job {JobId} action {Action} refused, {ErrorCode}: {Message}")]
    private partial void LogActionRefused(string jobId, string action, string errorCode, string message);

    /// <summary>A job whose course the <c>sandbox.*</c> properties script.</summary>
    internal sealed record ScriptedJob(string Outcome, TimeSpan Runtime, int Applications, bool LogsAggregated, int OozieVersion)
    {
        public static ScriptedJob Read(IReadOnlyDictionary<string, string> properties)
        {
            var outcome = properties.TryGetValue(OozieServer.Outcome, out var o) ? o.Trim().ToUpperInvariant() : "SUCCEEDED";
            if (outcome is not ("SUCCEEDED" or "FAILED" or "KILLED"))
            {
                throw new OozieRequestException(HttpStatusCode.BadRequest, "E0000", $"E0000: {OozieServer.Outcome} must be SUCCEEDED, FAILED or KILLED, got [{o}]");
            }

            var logs = properties.TryGetValue(OozieServer.Logs, out var l) ? l.Trim().ToLowerInvariant() : "aggregated";
            if (logs is not ("aggregated" or "missing"))
            {
                throw new OozieRequestException(HttpStatusCode.BadRequest, "E0000", $"E0000: {OozieServer.Logs} must be aggregated or missing, got [{l}]");
            }

            return new ScriptedJob(
                outcome,
                TimeSpan.FromSeconds(ReadInt(properties, OozieServer.Runtime, 10, 0, 7 * 86400)),
                ReadInt(properties, OozieServer.Applications, 1, 0, 20),
                logs == "aggregated",
                ReadInt(properties, Version, 4, 4, 5));
        }
    }
}

/// <summary>An Oozie error answer: the status plus <c>oozie-error-code</c> and <c>oozie-error-message</c>.</summary>
internal sealed class OozieRequestException(HttpStatusCode status, string errorCode, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string ErrorCode { get; } = errorCode;
}
