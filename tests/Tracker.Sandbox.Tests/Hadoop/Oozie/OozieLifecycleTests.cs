using Tracker.Hadoop.Oozie;
using Tracker.Sandbox.Tests.Hadoop;

namespace Tracker.Sandbox.Tests.Hadoop.Oozie;

/// <summary>Submitted workflows live in real time: RUNNING from the moment they are started, then the scripted end.</summary>
public sealed class OozieLifecycleTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Theory]
    [InlineData("SUCCEEDED", "OK")]
    [InlineData("FAILED", "FAILED")]
    [InlineData("KILLED", "ERROR")]
    public async Task A_submitted_workflow_runs_then_ends_with_its_outcome(string outcome, string actionStatus)
    {
        var id = await sandbox.SubmitScriptedAsync(SandboxFixture.Alice,
            ("sandbox.outcome", outcome), ("sandbox.runtime.seconds", "2"), ("sandbox.applications", "2"));

        var seen = await sandbox.WaitForEndAsync(SandboxFixture.Alice, id, TimeSpan.FromSeconds(30));

        Assert.Equal(["RUNNING", outcome], seen);
        var job = Assert.IsType<OozieLookup<WorkflowJob>.Found>(await sandbox.Oozie.GetJobInfoAsync(SandboxFixture.Alice, id)).Value;
        Assert.Equal("alice", job.User);
        Assert.Equal(actionStatus, job.Actions.Single(a => a.Type == "map-reduce").Status);
        Assert.True(job.EndTime >= job.StartTime);
        Assert.Equal(2, OozieApplicationIds.From(job).Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_job_submitted_with_start_is_running_when_the_submission_answers(bool withWorkflowXml)
    {
        var appPath = "/user/alice/apps/started-" + Guid.NewGuid().ToString("N");
        if (withWorkflowXml)
        {
            await sandbox.UploadAsync(SandboxFixture.Alice, $"{appPath}/workflow.xml", """
                <workflow-app xmlns="uri:oozie:workflow:0.5" name="started">
                  <start to="work"/>
                  <action name="work"><fs/><ok to="end"/><error to="end"/></action>
                  <end name="end"/>
                </workflow-app>
                """);
        }

        var body = $"""
            <configuration>
            <property><name>oozie.wf.application.path</name><value>hdfs://sandbox{appPath}</value></property>
            <property><name>{(withWorkflowXml ? "queueName" : "sandbox.runtime.seconds")}</name><value>5</value></property>
            </configuration>
            """;
        using var submitted = await sandbox.SendAsync(HttpMethod.Post, "oozie/v1/jobs?action=start", SandboxFixture.Alice,
            new StringContent(body, System.Text.Encoding.UTF8, "application/xml"));
        var id = System.Text.Json.JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var status = Assert.IsType<OozieLookup<string>.Found>(await sandbox.Oozie.GetJobStatusAsync(SandboxFixture.Alice, id)).Value;
        var info = Assert.IsType<OozieLookup<WorkflowJob>.Found>(await sandbox.Oozie.GetJobInfoAsync(SandboxFixture.Alice, id)).Value;

        Assert.Equal(System.Net.HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal("RUNNING", status);
        Assert.Equal("RUNNING", info.Status);
        Assert.NotNull(info.StartTime);
        Assert.Equal(":start:", info.Actions[0].Name);
    }

    [Fact]
    public async Task A_job_submitted_without_start_stays_in_prep_until_started()
    {
        var body = """
            <configuration>
            <property><name>oozie.wf.application.path</name><value>hdfs://sandbox/user/bob/apps/later</value></property>
            <property><name>sandbox.runtime.seconds</name><value>1</value></property>
            </configuration>
            """;
        using var submitted = await sandbox.SendAsync(HttpMethod.Post, "oozie/v1/jobs", SandboxFixture.Bob,
            new StringContent(body, System.Text.Encoding.UTF8, "application/xml"));
        var id = System.Text.Json.JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var before = Assert.IsType<OozieLookup<string>.Found>(await sandbox.Oozie.GetJobStatusAsync(SandboxFixture.Bob, id)).Value;
        using var started = await sandbox.SendAsync(HttpMethod.Put, $"oozie/v1/job/{id}?action=start", SandboxFixture.Bob);
        var seen = await sandbox.WaitForEndAsync(SandboxFixture.Bob, id, TimeSpan.FromSeconds(20));

        Assert.Equal("PREP", before);
        Assert.Equal(System.Net.HttpStatusCode.OK, started.StatusCode);
        Assert.Equal("SUCCEEDED", seen[^1]);
    }

    [Fact]
    public async Task The_demo_jobs_show_every_kind_of_end()
    {
        foreach (var user in new[] { "alice", "bob" })
        {
            var credentials = user == "alice" ? SandboxFixture.Alice : SandboxFixture.Bob;
            var statuses = new Dictionary<string, string>();
            foreach (var kind in new[] { "succeeded", "failed", "killed", "running" })
            {
                var job = Assert.IsType<OozieLookup<WorkflowJob>.Found>(await sandbox.Oozie.GetJobInfoAsync(credentials, sandbox.Demo(user, kind).Id)).Value;
                Assert.Equal(user, job.User);
                statuses[kind] = job.Status;
                if (kind == "failed")
                {
                    Assert.Equal(2, OozieApplicationIds.From(job).Count);
                }
            }

            Assert.Equal("SUCCEEDED", statuses["succeeded"]);
            Assert.Equal("FAILED", statuses["failed"]);
            Assert.Equal("KILLED", statuses["killed"]);
            Assert.Equal("RUNNING", statuses["running"]);
        }
    }
}
