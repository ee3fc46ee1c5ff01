using System.Security;
using System.Text;

namespace Tracker.Jobs.LogCopy;

/// <summary>
/// The one-action Oozie shell workflow that copies one YARN application's logs into HDFS (contract §3.2–§3.3):
/// <c>copy.sh {logdir} {jobId} application_{appId}</c>, run on the cluster as the job's owner. Unlike the
/// reference, the script fails when <c>yarn logs</c> fails or prints nothing, and writes to a temporary name that
/// is renamed into place, so a half-written file is never taken for a copy.
/// </summary>
internal static class CopyWorkflow
{
    public const string ScriptName = "copy.sh";
    public const string DefinitionName = "workflow.xml";

    public static string AppName(string applicationId) => $"shell-{applicationId}";

    /// <summary>Where the copied log of an application ends up: <c>{logdir}/{jobId}/application_{appId}.log</c>.</summary>
    public static string LogPath(string logDirectory, string jobId, string applicationId)
        => $"{logDirectory}/{jobId}/application_{applicationId}.log";

    public static string Definition(LogCopyOptions options, string logDirectory, string jobId, string applicationId, string appDirectory)
    {
        var xml = new StringBuilder();
        xml.Append("<workflow-app xmlns=\"uri:oozie:workflow:0.5\" name=\"").Append(Escape(AppName(applicationId))).Append("\">\n");
        xml.Append("<start to=\"shell\"/>\n");
        xml.Append("<action name=\"shell\">\n");
        xml.Append("  <shell xmlns=\"uri:oozie:shell-action:0.1\">\n");
        xml.Append("    <job-tracker>").Append(Escape(options.ResourceManager)).Append("</job-tracker>\n");
        xml.Append("    <name-node>").Append(Escape(options.NameNode)).Append("</name-node>\n");
        xml.Append("    <configuration>\n");
        xml.Append("      <property>\n");
        xml.Append("        <name>mapred.job.queue.name</name>\n");
        xml.Append("        <value>").Append(Escape(options.Queue)).Append("</value>\n");
        xml.Append("      </property>\n");
        xml.Append("    </configuration>\n");
        xml.Append("    <exec>").Append(ScriptName).Append("</exec>\n");
        xml.Append("    <argument>").Append(Escape(logDirectory)).Append("</argument>\n");
        xml.Append("    <argument>").Append(Escape(jobId)).Append("</argument>\n");
        xml.Append("    <argument>application_").Append(Escape(applicationId)).Append("</argument>\n");
        xml.Append("    <file>").Append(Escape($"{appDirectory}/{ScriptName}")).Append("</file>\n");
        xml.Append("  </shell>\n");
        xml.Append("  <ok to=\"end\"/>\n");
        xml.Append("  <error to=\"error\"/>\n");
        xml.Append("</action>\n");
        xml.Append("<kill name=\"error\">\n");
        xml.Append("  <message>Cannot run copy workflow</message>\n");
        xml.Append("</kill>\n");
        xml.Append("<end name=\"end\"/>\n");
        xml.Append("</workflow-app>\n");
        return xml.ToString();
    }

    /// <summary>
    /// The copy script. <c>pipefail</c> makes a failing <c>yarn logs</c> fail the pipeline; an empty result is a
    /// failure too (logs not aggregated yet, or already purged); the rename makes the final file appear whole.
    /// Each failure removes the temporary file before the script fails; the clean-up is spelt out after each
    /// step rather than in a trap, so the script stays within the plain shell subset the sandbox runs too.
    /// </summary>
    public static string Script(LogCopyOptions options) => ScriptTemplate
        .Replace("{dirmode}", options.DirectoryPermission, StringComparison.Ordinal)
        .Replace("{filemode}", options.Permission, StringComparison.Ordinal);

    // The job's directory is made owner-only before anything is written into it, so the temporary file
    // (created by put with the cluster's default mode) is never reachable by others either.
    private const string ScriptTemplate = """
        #!/bin/bash
        # copy.sh LOGDIR JOBID APPLICATION: copies the YARN logs of APPLICATION to LOGDIR/JOBID/APPLICATION.log.
        # A copy that does not succeed removes its temporary file: it leaves nothing behind.
        set -o pipefail
        logdir="$1"
        job="$2"
        app="$3"
        target="$logdir/$job/$app.log"
        temporary="$logdir/$job/.$app.log.copying"
        hdfs dfs -mkdir -p "$logdir/$job" || exit 1
        hdfs dfs -chmod {dirmode} "$logdir" "$logdir/$job" || exit 1
        hdfs dfs -rm -f "$temporary"
        yarn logs -applicationId "$app" | hdfs dfs -put -f - "$temporary" || hdfs dfs -rm -f "$temporary"
        hdfs dfs -chmod {filemode} "$temporary" || hdfs dfs -rm -f "$temporary"
        hdfs dfs -test -s "$temporary" || hdfs dfs -rm -f "$temporary"
        hdfs dfs -test -e "$temporary" || exit 1
        hdfs dfs -rm -f "$target"
        hdfs dfs -mv "$temporary" "$target" || hdfs dfs -rm -f "$temporary"
        hdfs dfs -test -e "$target" || exit 1
        """;

    /// <summary>The job configuration: each property carries its own configured value (the reference sent the user name as <c>jobTracker</c>).</summary>
    public static IReadOnlyDictionary<string, string> Properties(LogCopyOptions options, string user, string appDirectory) => new Dictionary<string, string>
    {
        ["oozie.use.system.libpath"] = "true",
        ["user.name"] = user,
        ["jobTracker"] = options.ResourceManager,
        ["nameNode"] = options.NameNode,
        ["queueName"] = options.Queue,
        ["oozie.wf.application.path"] = $"{options.NameNode.TrimEnd('/')}{appDirectory}/{DefinitionName}",
    };

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;
}
