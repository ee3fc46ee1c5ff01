using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Tracker.Sandbox.Hadoop.Yarn;

namespace Tracker.Sandbox.Hadoop.Oozie;

// Scripted jobs: a job whose whole course (outcome, runtime, applications, logs) the sandbox.* properties
// plan at submission, possibly in the past, instead of a workflow definition run in real time.
internal sealed partial class OozieServer
{
    /// <summary>Creates a demo job whose whole life is planned from <paramref name="created"/>, possibly in the past.</summary>
    public WorkflowJobModel AddScripted(string user, string appName, ScriptedJob plan, DateTimeOffset created, string? parentId = null)
    {
        WorkflowJobModel job;
        lock (_gate)
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
            _jobs.Add(job);
        }

        PlanScripted(job, plan, created + TimeSpan.FromSeconds(1));
        return job;
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
