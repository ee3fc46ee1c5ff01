using System.Net;
using System.Text.Json;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.Tests.Contract;
using Tracker.Sandbox.Tests.Hadoop;

namespace Tracker.Sandbox.Tests.Hadoop.Yarn;

/// <summary>The emulated ResourceManager: documented shapes (§7.2) and the Oozie tag (§8.2).</summary>
public sealed class ResourceManagerEmulatorTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task An_application_has_the_documented_fields()
    {
        var job = Assert.IsType<OozieLookup<WorkflowJob>.Found>(
            await sandbox.Oozie.GetJobInfoAsync(SandboxFixture.Alice, sandbox.Demo("alice", "succeeded").Id)).Value;
        var appId = "application_" + OozieApplicationIds.From(job).Single();

        var app = (await sandbox.GetJsonAsync($"resourcemanager/v1/cluster/apps/{appId}")).GetProperty("app");
        var attempts = await sandbox.GetJsonAsync($"resourcemanager/v1/cluster/apps/{appId}/appattempts");

        var reference = JsonDocument.Parse(ReferenceExamples.RmApplication).RootElement.GetProperty("app");
        foreach (var field in reference.EnumerateObject())
        {
            Assert.True(app.TryGetProperty(field.Name, out var value), field.Name);
            Assert.Equal(field.Value.ValueKind, value.ValueKind);
        }

        Assert.Equal(appId, app.GetProperty("id").GetString());
        Assert.Equal("FINISHED", app.GetProperty("state").GetString());
        Assert.Equal("SUCCEEDED", app.GetProperty("finalStatus").GetString());
        Assert.Equal("alice", app.GetProperty("user").GetString());
        var referenceAttempt = JsonDocument.Parse(ReferenceExamples.RmAppAttempts).RootElement.GetProperty("appAttempts").GetProperty("appAttempt")[0];
        var attempt = attempts.GetProperty("appAttempts").GetProperty("appAttempt")[0];
        foreach (var field in referenceAttempt.EnumerateObject())
        {
            Assert.True(attempt.TryGetProperty(field.Name, out _), field.Name);
        }
    }

    [Fact]
    public async Task The_oozie_tag_finds_an_actions_applications()
    {
        var job = Assert.IsType<OozieLookup<WorkflowJob>.Found>(
            await sandbox.Oozie.GetJobInfoAsync(SandboxFixture.Bob, sandbox.Demo("bob", "failed").Id)).Value;
        var action = job.Actions.Single(a => a.Type == "map-reduce");

        var apps = await sandbox.ResourceManager.GetApplicationsByTagAsync(SandboxFixture.Bob, OozieYarnTag.For(action.Id));

        Assert.Equal(
            OozieApplicationIds.From(job).Select(id => "application_" + id).Order(),
            apps.Select(a => a.Id).Order());
        Assert.All(apps, a => Assert.Equal([OozieYarnTag.For(action.Id)], a.ApplicationTags));
        Assert.All(apps, a => Assert.Equal("FAILED", a.FinalStatus));
        Assert.Empty(await sandbox.ResourceManager.GetApplicationsByTagAsync(SandboxFixture.Bob, OozieYarnTag.For("nobody@nothing")));
    }

    [Fact]
    public async Task Cluster_info_metrics_and_scheduler_are_wrapped_as_the_rm_does()
    {
        var info = await sandbox.ResourceManager.GetClusterInfoAsync(SandboxFixture.Alice);
        var metrics = await sandbox.ResourceManager.GetClusterMetricsAsync(SandboxFixture.Alice);
        var scheduler = await sandbox.ResourceManager.GetSchedulerAsync(SandboxFixture.Alice);

        Assert.Equal("STARTED", info.GetProperty("state").GetString());
        Assert.True(metrics.GetProperty("appsSubmitted").GetInt32() >= 10);
        Assert.True(metrics.GetProperty("appsRunning").GetInt32() >= 2);
        Assert.Equal("root", scheduler.GetProperty("queueName").GetString());
    }

    [Fact]
    public async Task An_unknown_application_is_404()
    {
        using var response = await sandbox.SendAsync(HttpMethod.Get, "resourcemanager/v1/cluster/apps/application_1_9999", SandboxFixture.Alice);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(await sandbox.ResourceManager.GetApplicationAsync(SandboxFixture.Alice, "application_1_9999"));
    }
}
