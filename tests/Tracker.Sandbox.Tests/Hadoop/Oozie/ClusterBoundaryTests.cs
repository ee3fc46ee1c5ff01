using System.Net;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.Tests.Contract;
using Tracker.Sandbox.Tests.Hadoop;

namespace Tracker.Sandbox.Tests.Hadoop.Oozie;

/// <summary>
/// A copy workflow reaches only what the cluster lets it: its own ResourceManager and name node (Oozie's
/// whitelists), and only the logs its user may read (YARN's log permissions).
/// </summary>
public sealed class ClusterBoundaryTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string StrictCopyScript = """
        set -o pipefail
        hdfs dfs -mkdir -p "$1/$2"
        yarn logs -applicationId "$3" | hdfs dfs -put -f - "$1/$2/$3.log" || exit 1
        """;

    [Fact]
    public async Task Bobs_copy_workflow_of_alices_application_copies_nothing()
    {
        var (jobId, appId) = await DemoApplicationAsync(SandboxFixture.Alice, "failed");

        var copyId = await SubmitCopyAsync(SandboxFixture.Bob, jobId, appId);
        var seen = await sandbox.WaitForEndAsync(SandboxFixture.Bob, copyId, TimeSpan.FromSeconds(30));

        Assert.Equal("KILLED", seen[^1]);
        var copied = await sandbox.ReadAsync(SandboxFixture.Bob, $"/user/bob/WORK/logs/{jobId}/application_{appId}.log");
        Assert.DoesNotContain($"application_{appId}/", copied ?? "");
        var shell = (await InfoAsync(SandboxFixture.Bob, copyId)).Actions.Single(a => a.Name == "shell");
        Assert.Equal("ERROR", shell.Status);
        Assert.Contains("exit code [1]", shell.ErrorMessage);
    }

    [Fact]
    public async Task Alices_own_copy_workflow_still_copies_her_logs()
    {
        var (jobId, appId) = await DemoApplicationAsync(SandboxFixture.Alice, "killed");

        var copyId = await SubmitCopyAsync(SandboxFixture.Alice, jobId, appId);
        var seen = await sandbox.WaitForEndAsync(SandboxFixture.Alice, copyId, TimeSpan.FromSeconds(30));

        Assert.Equal("SUCCEEDED", seen[^1]);
        Assert.Contains($"application_{appId}/", await sandbox.ReadAsync(SandboxFixture.Alice, $"/user/alice/WORK/logs/{jobId}/application_{appId}.log"));
    }

    [Theory]
    [InlineData("<job-tracker>sandbox-RMS:8032</job-tracker>", "<job-tracker>nowhere.example.com:8032</job-tracker>",
        "E0900: JobTracker [nowhere.example.com:8032] not allowed, not in Oozie's whitelist. Allowed values are: [sandbox-rm.example.com:8032, sandbox-rms:8032]")]
    [InlineData("<name-node>hdfs://sandbox</name-node>", "<name-node>hdfs://other-nn.example.com:8020</name-node>",
        "E0901: NameNode [other-nn.example.com:8020] not allowed, not in Oozie's whitelist. Allowed values are: [sandbox]")]
    public async Task A_workflow_naming_another_clusters_address_errors_its_action_and_ends_killed(string own, string foreign, string message)
    {
        var (jobId, appId) = await DemoApplicationAsync(SandboxFixture.Bob, "failed");

        var copyId = await SubmitCopyAsync(SandboxFixture.Bob, jobId, appId, workflow => workflow.Replace(own, foreign, StringComparison.Ordinal));
        var seen = await sandbox.WaitForEndAsync(SandboxFixture.Bob, copyId, TimeSpan.FromSeconds(30));

        Assert.Equal("KILLED", seen[^1]);
        var copy = await InfoAsync(SandboxFixture.Bob, copyId);
        Assert.Equal([":start:", "shell", "error"], copy.Actions.Select(a => a.Name));
        var shell = copy.Actions[1];
        Assert.Equal("ERROR", shell.Status);
        Assert.Equal("error", shell.Transition);
        Assert.Equal("HadoopAccessorException", shell.ErrorCode);
        Assert.Equal(message, shell.ErrorMessage);
        Assert.Null(shell.ExternalId);

        // Refused before anything reached YARN: no launcher, no copied file.
        Assert.Empty(await sandbox.ResourceManager.GetApplicationsByTagAsync(SandboxFixture.Bob, OozieYarnTag.For(copyId, "shell")));
        Assert.Null(await sandbox.WebHdfs.GetFileStatusAsync(SandboxFixture.Bob, $"/user/bob/WORK/logs/{jobId}"));
    }

    [Fact]
    public async Task A_submission_whose_application_is_on_another_name_node_is_refused()
    {
        var configuration = new Dictionary<string, string>
        {
            [OozieProperties.UserName] = "alice",
            [OozieProperties.ApplicationPath] = "hdfs://localhost:8020/user/alice/apps/anything/workflow.xml",
            ["sandbox.runtime.seconds"] = "1",
        };

        var refused = await Assert.ThrowsAsync<OozieException>(() => sandbox.Oozie.SubmitWorkflowAsync(SandboxFixture.Alice, configuration));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("E0901", refused.ErrorCode);
        Assert.Contains("E0901: NameNode [localhost:8020] not allowed, not in Oozie's whitelist. Allowed values are: [sandbox]", refused.Message);
    }

    [Fact]
    public async Task The_job_tracker_and_name_node_may_come_from_the_job_configuration()
    {
        var (jobId, appId) = await DemoApplicationAsync(SandboxFixture.Alice, "failed");

        var copyId = await SubmitCopyAsync(SandboxFixture.Alice, jobId, appId, workflow => workflow
            .Replace("sandbox-RMS:8032", "${jobTracker}", StringComparison.Ordinal)
            .Replace("<name-node>hdfs://sandbox</name-node>", "<name-node>${nameNode}</name-node>", StringComparison.Ordinal));
        var seen = await sandbox.WaitForEndAsync(SandboxFixture.Alice, copyId, TimeSpan.FromSeconds(30));

        Assert.Equal("SUCCEEDED", seen[^1]);
    }

    [Fact]
    public async Task An_unresolvable_variable_fails_the_job()
    {
        var (jobId, appId) = await DemoApplicationAsync(SandboxFixture.Alice, "failed");

        var copyId = await SubmitCopyAsync(SandboxFixture.Alice, jobId, appId,
            workflow => workflow.Replace("sandbox-RMS:8032", "${resourceManager}", StringComparison.Ordinal));
        var seen = await sandbox.WaitForEndAsync(SandboxFixture.Alice, copyId, TimeSpan.FromSeconds(30));

        Assert.Equal("FAILED", seen[^1]);
        var shell = (await InfoAsync(SandboxFixture.Alice, copyId)).Actions.Single(a => a.Name == "shell");
        Assert.Equal("FAILED", shell.Status);
        Assert.Equal("EL_ERROR", shell.ErrorCode);
        Assert.Equal("variable [resourceManager] cannot be resolved", shell.ErrorMessage);
    }

    /// <summary>Uploads the reference's copy workflow (§3.3), edited, with a strict script, and submits it as <paramref name="credentials"/>.</summary>
    private async Task<string> SubmitCopyAsync(KnoxCredentials credentials, string jobId, string appId, Func<string, string>? edit = null)
    {
        var user = credentials.UserName!;
        var directory = $"/user/{user}/WORK/apps/{Guid.NewGuid()}";
        var workflow = ReferenceExamples.CopyWorkflowXml
            .Replace("/user/jane/WORK/logs/bc8a75d2-af6f-4833-9431-41725d62ffb7", directory, StringComparison.Ordinal)
            .Replace("/user/jane/", $"/user/{user}/", StringComparison.Ordinal)
            .Replace("0030161-180716060648641-oozie-W", jobId, StringComparison.Ordinal)
            .Replace("1529519049029_420001", appId, StringComparison.Ordinal);
        Assert.True(await sandbox.WebHdfs.MakeDirectoryAsync(credentials, directory));
        await sandbox.UploadAsync(credentials, $"{directory}/workflow.xml", edit is null ? workflow : edit(workflow));
        await sandbox.UploadAsync(credentials, $"{directory}/copy.sh", StrictCopyScript);
        var configuration = new Dictionary<string, string>(ReferenceExamples.CopyConfiguration(user, directory))
        {
            ["sandbox.runtime.seconds"] = "1",
        };
        return await sandbox.Oozie.SubmitWorkflowAsync(credentials, configuration);
    }

    private async Task<WorkflowJob> InfoAsync(KnoxCredentials credentials, string jobId) =>
        Assert.IsType<OozieLookup<WorkflowJob>.Found>(await sandbox.Oozie.GetJobInfoAsync(credentials, jobId)).Value;

    private async Task<(string JobId, string AppId)> DemoApplicationAsync(KnoxCredentials owner, string kind)
    {
        var jobId = sandbox.Demo(owner.UserName!, kind).Id;
        return (jobId, OozieApplicationIds.From(await InfoAsync(owner, jobId))[0]);
    }
}
