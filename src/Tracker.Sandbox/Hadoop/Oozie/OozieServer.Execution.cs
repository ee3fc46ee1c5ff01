using System.Globalization;
using System.Text;
using Tracker.Sandbox.Hadoop.Hdfs;
using Tracker.Sandbox.Hadoop.Shell;

namespace Tracker.Sandbox.Hadoop.Oozie;

// Running a workflow definition in real time: node by node, shell actions executed against the emulated
// HDFS and YARN, and Oozie's own log of what has run.
internal sealed partial class OozieServer
{
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
}
