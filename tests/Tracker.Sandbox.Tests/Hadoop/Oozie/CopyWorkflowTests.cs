using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.Tests.Contract;
using Tracker.Sandbox.Tests.Hadoop;

namespace Tracker.Sandbox.Tests.Hadoop.Oozie;

/// <summary>
/// The tracker's copy workflow (§3.2–3.3) run by the emulated Oozie: uploaded with WebHDFS, submitted with
/// the reference's configuration, its shell script executed against the emulated YARN and HDFS.
/// </summary>
public sealed class CopyWorkflowTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    /// <summary>A copy script that fails when <c>yarn logs</c> fails and publishes the file only when complete.</summary>
    private const string SafeCopyScript = """
        #!/bin/bash
        # Copy one application's aggregated logs; publish by rename so a reader never sees half a file.
        set -euo pipefail
        dir="$1/$2"
        hdfs dfs -mkdir -p "$dir"
        yarn logs -applicationId "$3" | hdfs dfs -put -f - "$dir/$3.log.tmp"
        hdfs dfs -mv "$dir/$3.log.tmp" "$dir/$3.log"
        """;

    [Fact]
    public async Task The_reference_copy_workflow_copies_the_applications_logs()
    {
        var (jobId, appId) = await FailedApplicationAsync(SandboxFixture.Alice, "failed");

        var copyId = await SubmitCopyAsync(SandboxFixture.Alice, jobId, appId, ReferenceExamples.CopyScript);
        var seen = await sandbox.WaitForEndAsync(SandboxFixture.Alice, copyId, TimeSpan.FromSeconds(30));

        Assert.Equal("SUCCEEDED", seen[^1]);
        var copied = await sandbox.ReadAsync(SandboxFixture.Alice, $"/user/alice/WORK/logs/{jobId}/application_{appId}.log");
        Assert.NotNull(copied);
        Assert.Contains($"Container: container_{appId}_01_000001 on ", copied);
        Assert.Contains("LogType:stdout", copied);
        Assert.Contains("LogType:syslog", copied);
        Assert.Contains($"[application_{appId}/container_{appId}_01_000002] stderr of ", copied);
        Assert.Contains("End of LogType:stderr", copied);

        var copy = Assert.IsType<OozieLookup<WorkflowJob>.Found>(await sandbox.Oozie.GetJobInfoAsync(SandboxFixture.Alice, copyId)).Value;
        Assert.Equal($"shell-{appId}", copy.AppName);
        Assert.Equal([":start:", "shell", ":end:"], copy.Actions.Select(a => a.Name));
        using var definition = await sandbox.SendAsync(HttpMethod.Get, $"oozie/v2/job/{copyId}?show=definition", SandboxFixture.Alice);
        Assert.Contains($"<argument>application_{appId}</argument>", await definition.Content.ReadAsStringAsync());
        var launchers = await sandbox.ResourceManager.GetApplicationsByTagAsync(SandboxFixture.Alice, OozieYarnTag.For(copyId, "shell"));
        Assert.Equal("application_" + OozieApplicationIds.Strip(copy.Actions[1].ExternalId), Assert.Single(launchers).Id);
    }

    [Fact]
    public async Task The_reference_script_succeeds_with_an_empty_file_when_logs_are_missing()
    {
        var (jobId, appId) = await MissingLogsApplicationAsync(SandboxFixture.Alice);

        var copyId = await SubmitCopyAsync(SandboxFixture.Alice, jobId, appId, ReferenceExamples.CopyScript);
        var seen = await sandbox.WaitForEndAsync(SandboxFixture.Alice, copyId, TimeSpan.FromSeconds(30));

        // Faithful to the reference's defect B22: without pipefail the put of an empty stdin succeeds.
        Assert.Equal("SUCCEEDED", seen[^1]);
        Assert.Equal("", await sandbox.ReadAsync(SandboxFixture.Alice, $"/user/alice/WORK/logs/{jobId}/application_{appId}.log"));
    }

    [Fact]
    public async Task A_pipefail_script_fails_the_copy_when_logs_are_missing()
    {
        var (jobId, appId) = await MissingLogsApplicationAsync(SandboxFixture.Bob);

        var copyId = await SubmitCopyAsync(SandboxFixture.Bob, jobId, appId, SafeCopyScript);
        var seen = await sandbox.WaitForEndAsync(SandboxFixture.Bob, copyId, TimeSpan.FromSeconds(30));

        // The shell action errors and its <error to="error"/> reaches the kill node: Oozie ends the job KILLED.
        Assert.Equal("KILLED", seen[^1]);
        Assert.Null(await sandbox.WebHdfs.GetFileStatusAsync(SandboxFixture.Bob, $"/user/bob/WORK/logs/{jobId}/application_{appId}.log"));
        var copy = Assert.IsType<OozieLookup<WorkflowJob>.Found>(await sandbox.Oozie.GetJobInfoAsync(SandboxFixture.Bob, copyId)).Value;
        var shell = copy.Actions.Single(a => a.Name == "shell");
        Assert.Equal("ERROR", shell.Status);
        Assert.Equal("error", shell.Transition);
        Assert.Contains("exit code [255]", shell.ErrorMessage);
    }

    [Fact]
    public async Task A_temporary_name_then_rename_leaves_only_the_final_file()
    {
        var (jobId, appId) = await FailedApplicationAsync(SandboxFixture.Bob, "failed");

        var copyId = await SubmitCopyAsync(SandboxFixture.Bob, jobId, appId, SafeCopyScript);
        var seen = await sandbox.WaitForEndAsync(SandboxFixture.Bob, copyId, TimeSpan.FromSeconds(30));

        Assert.Equal("SUCCEEDED", seen[^1]);
        var directory = await sandbox.WebHdfs.ListStatusAsync(SandboxFixture.Bob, $"/user/bob/WORK/logs/{jobId}");
        Assert.Equal([$"application_{appId}.log"], directory!.Select(s => s.PathSuffix));
        Assert.Contains($"container_{appId}_01_000001", await sandbox.ReadAsync(SandboxFixture.Bob, $"/user/bob/WORK/logs/{jobId}/application_{appId}.log"));
    }

    [Fact]
    public async Task A_script_writing_into_another_users_home_is_refused()
    {
        var (jobId, appId) = await FailedApplicationAsync(SandboxFixture.Alice, "killed");
        const string intruder = """
            set -e
            yarn logs -applicationId $3 | hdfs dfs -put - /user/bob/stolen.log
            """;

        var copyId = await SubmitCopyAsync(SandboxFixture.Alice, jobId, appId, intruder);
        var seen = await sandbox.WaitForEndAsync(SandboxFixture.Alice, copyId, TimeSpan.FromSeconds(30));

        Assert.Equal("KILLED", seen[^1]);
        Assert.Null(await sandbox.WebHdfs.GetFileStatusAsync(SandboxFixture.Bob, "/user/bob/stolen.log"));
    }

    [Fact]
    public async Task Oozie_5_embedded_submission_needs_no_uploaded_workflow()
    {
        var (jobId, appId) = await FailedApplicationAsync(SandboxFixture.Bob, "killed");
        var directory = $"/user/bob/WORK/logs/{Guid.NewGuid()}";
        await sandbox.UploadAsync(SandboxFixture.Bob, $"{directory}/copy.sh", SafeCopyScript);
        var workflow = CopyWorkflow("bob", jobId, appId, directory);

        var copyId = await sandbox.Oozie.SubmitEmbeddedWorkflowAsync(SandboxFixture.Bob, workflow, new Dictionary<string, string>
        {
            [OozieProperties.UserName] = "bob",
            [OozieProperties.ApplicationPath] = $"hdfs://sandbox{directory}",
            ["sandbox.runtime.seconds"] = "1",
        });
        var seen = await sandbox.WaitForEndAsync(SandboxFixture.Bob, copyId, TimeSpan.FromSeconds(30));

        Assert.Equal("SUCCEEDED", seen[^1]);
        Assert.Null(await sandbox.WebHdfs.GetFileStatusAsync(SandboxFixture.Bob, $"{directory}/workflow.xml"));
        Assert.NotNull(await sandbox.WebHdfs.GetFileStatusAsync(SandboxFixture.Bob, $"/user/bob/WORK/logs/{jobId}/application_{appId}.log"));
    }

    /// <summary>§3.2 step 3: MKDIRS, CREATE workflow.xml and copy.sh (two steps each), then POST the configuration.</summary>
    private async Task<string> SubmitCopyAsync(KnoxCredentials credentials, string jobId, string appId, string script)
    {
        var user = credentials.UserName!;
        var directory = $"/user/{user}/WORK/logs/{Guid.NewGuid()}";
        Assert.True(await sandbox.WebHdfs.MakeDirectoryAsync(credentials, directory));
        await sandbox.UploadAsync(credentials, $"{directory}/workflow.xml", CopyWorkflow(user, jobId, appId, directory));
        await sandbox.UploadAsync(credentials, $"{directory}/copy.sh", script);
        var configuration = new Dictionary<string, string>(ReferenceExamples.CopyConfiguration(user, directory))
        {
            ["sandbox.runtime.seconds"] = "1",
        };
        return await sandbox.Oozie.SubmitWorkflowAsync(credentials, configuration);
    }

    /// <summary>The reference's workflow.xml (§3.3) for this user, job, application and directory.</summary>
    private static string CopyWorkflow(string user, string jobId, string appId, string directory) =>
        ReferenceExamples.CopyWorkflowXml
            .Replace("/user/jane/WORK/logs/bc8a75d2-af6f-4833-9431-41725d62ffb7", directory)
            .Replace("/user/jane/", $"/user/{user}/")
            .Replace("0030161-180716060648641-oozie-W", jobId)
            .Replace("1529519049029_420001", appId);

    private async Task<(string JobId, string AppId)> FailedApplicationAsync(KnoxCredentials credentials, string kind)
    {
        var jobId = sandbox.Demo(credentials.UserName!, kind).Id;
        var job = Assert.IsType<OozieLookup<WorkflowJob>.Found>(await sandbox.Oozie.GetJobInfoAsync(credentials, jobId)).Value;
        return (jobId, OozieApplicationIds.From(job)[0]);
    }

    private async Task<(string JobId, string AppId)> MissingLogsApplicationAsync(KnoxCredentials credentials)
    {
        var jobId = await sandbox.SubmitScriptedAsync(credentials,
            ("sandbox.outcome", "FAILED"), ("sandbox.logs", "missing"), ("sandbox.runtime.seconds", "0"));
        await sandbox.WaitForEndAsync(credentials, jobId, TimeSpan.FromSeconds(20));
        var job = Assert.IsType<OozieLookup<WorkflowJob>.Found>(await sandbox.Oozie.GetJobInfoAsync(credentials, jobId)).Value;
        return (jobId, OozieApplicationIds.From(job).Single());
    }
}
