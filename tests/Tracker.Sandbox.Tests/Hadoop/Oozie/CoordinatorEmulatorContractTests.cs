using System.Globalization;
using System.Net;
using System.Text.Json;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.Tests.Contract;

namespace Tracker.Sandbox.Tests.Hadoop.Oozie;

/// <summary>
/// The emulated Oozie's coordinator and bundle answers held to the server's shapes (§7.1: Oozie's
/// <c>CoordinatorJobBean</c>, <c>CoordinatorActionBean</c> and <c>BundleJobBean</c> JSON), and its demo coordinator
/// and bundle to what the tracker's tests rely on.
/// </summary>
public sealed class CoordinatorEmulatorContractTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Coordinator_info_has_the_servers_fields_and_its_actions_name_their_workflows()
    {
        var demo = sandbox.Demo("alice", "coordinator");

        var job = await sandbox.GetJsonAsync($"oozie/v2/job/{demo.Id}?show=info&len=50");

        Assert.Matches(@"^\d{7}-\d{15}-oozie-C$", demo.Id);
        Assert.Equal(ReferenceExamples.CoordinatorJobFields.Order(), Names(job).Order());
        var reference = JsonDocument.Parse(ReferenceExamples.CoordinatorInfo).RootElement;
        foreach (var field in Names(reference))
        {
            AssertSameKind(reference.GetProperty(field), job.GetProperty(field), field);
        }

        Assert.Equal(demo.Id, job.GetProperty("coordJobId").GetString());
        Assert.Equal("hourly-report", job.GetProperty("coordJobName").GetString());
        Assert.Equal("DONEWITHERROR", job.GetProperty("status").GetString());
        Assert.Equal("alice", job.GetProperty("user").GetString());
        Assert.Equal(3, job.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("bundleId").ValueKind);

        var actions = job.GetProperty("actions").EnumerateArray().ToArray();
        var referenceAction = reference.GetProperty("actions")[0];
        Assert.Equal([1, 2, 3], actions.Select(a => a.GetProperty("actionNumber").GetInt32()));
        Assert.Equal(["SUCCEEDED", "FAILED", "SUCCEEDED"], actions.Select(a => a.GetProperty("status").GetString()));
        foreach (var action in actions)
        {
            Assert.Equal(ReferenceExamples.CoordinatorActionFields.Order(), Names(action).Order());
            foreach (var field in Names(referenceAction))
            {
                AssertSameKind(referenceAction.GetProperty(field), action.GetProperty(field), field);
            }

            var number = action.GetProperty("actionNumber").GetInt32();
            Assert.Equal($"{demo.Id}@{number}", action.GetProperty("id").GetString());
            Assert.Equal(demo.Id, action.GetProperty("coordJobId").GetString());
            Assert.True(DateTimeOffset.TryParseExact(action.GetProperty("nominalTime").GetString(), "r", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));

            // The externalId is the materialised workflow, which names the action as its parent.
            var workflowId = action.GetProperty("externalId").GetString()!;
            Assert.Matches(@"^\d{7}-\d{15}-oozie-W$", workflowId);
            var workflow = await sandbox.GetJsonAsync($"oozie/v2/job/{workflowId}?show=info");
            Assert.Equal($"{demo.Id}@{number}", workflow.GetProperty("parentId").GetString());
            Assert.Equal(action.GetProperty("status").GetString(), workflow.GetProperty("status").GetString());
        }

        var failed = Assert.IsType<OozieLookup<WorkflowJob>.Found>(
            await sandbox.Oozie.GetJobInfoAsync(SandboxFixture.Alice, actions[1].GetProperty("externalId").GetString()!)).Value;
        Assert.Equal(2, OozieApplicationIds.From(failed).Count);
    }

    [Fact]
    public async Task Coordinator_actions_page_as_oozie_does_v2_none_without_len_v1_all_desc_newest_first()
    {
        var demo = sandbox.Demo("bob", "coordinator");

        var v2 = await sandbox.GetJsonAsync($"oozie/v2/job/{demo.Id}?show=info", SandboxFixture.Bob);
        var v1 = await sandbox.GetJsonAsync($"oozie/v1/job/{demo.Id}?show=info", SandboxFixture.Bob);
        var page = await sandbox.GetJsonAsync($"oozie/v2/job/{demo.Id}?show=info&offset=2&len=1", SandboxFixture.Bob);
        var newest = await sandbox.GetJsonAsync($"oozie/v2/job/{demo.Id}?show=info&len=2&order=desc", SandboxFixture.Bob);

        Assert.Equal(0, v2.GetProperty("actions").GetArrayLength());
        Assert.Equal(3, v2.GetProperty("total").GetInt32());
        Assert.Equal(3, v1.GetProperty("actions").GetArrayLength());
        Assert.Equal($"{demo.Id}@2", Assert.Single(page.GetProperty("actions").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal([3, 2], newest.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("actionNumber").GetInt32()));
    }

    [Fact]
    public async Task Bundle_info_has_the_servers_fields_and_lists_its_coordinator_without_actions()
    {
        var demo = sandbox.Demo("alice", "bundle");

        var job = await sandbox.GetJsonAsync($"oozie/v2/job/{demo.Id}?show=info");

        Assert.Matches(@"^\d{7}-\d{15}-oozie-B$", demo.Id);
        Assert.Equal(ReferenceExamples.BundleJobFields.Order(), Names(job).Order());
        var reference = JsonDocument.Parse(ReferenceExamples.BundleInfo).RootElement;
        foreach (var field in Names(reference))
        {
            AssertSameKind(reference.GetProperty(field), job.GetProperty(field), field);
        }

        Assert.Equal(demo.Id, job.GetProperty("bundleJobId").GetString());
        Assert.Equal("nightly-bundle", job.GetProperty("bundleJobName").GetString());
        Assert.Equal("DONEWITHERROR", job.GetProperty("status").GetString());
        var coordinator = Assert.Single(job.GetProperty("bundleCoordJobs").EnumerateArray());
        Assert.Equal(ReferenceExamples.CoordinatorJobFields.Order(), Names(coordinator).Order());
        Assert.Equal(demo.Id, coordinator.GetProperty("bundleId").GetString());
        Assert.Equal(0, coordinator.GetProperty("actions").GetArrayLength());

        // The coordinator itself is a job of its own, whose second workflow was killed.
        var coordinatorId = coordinator.GetProperty("coordJobId").GetString()!;
        var info = Assert.IsType<OozieLookup<CoordinatorJob>.Found>(await sandbox.Oozie.GetCoordinatorJobInfoAsync(SandboxFixture.Alice, coordinatorId)).Value;
        Assert.Equal(demo.Id, info.BundleId);
        Assert.Equal(["SUCCEEDED", "KILLED"], info.Actions.Select(a => a.Status));
    }

    [Fact]
    public async Task Status_and_listings_cover_coordinators_and_bundles()
    {
        var coordinator = sandbox.Demo("alice", "coordinator");
        var bundle = sandbox.Demo("alice", "bundle");

        var coordinatorStatus = await sandbox.GetJsonAsync($"oozie/v2/job/{coordinator.Id}?show=status");
        var bundleStatus = await sandbox.Oozie.GetJobStatusAsync(SandboxFixture.Alice, bundle.Id);
        var coordinators = await sandbox.GetJsonAsync($"oozie/v2/jobs?jobtype=coordinator&filter={Uri.EscapeDataString("user=alice;status=DONEWITHERROR")}");
        var bundles = await sandbox.GetJsonAsync("oozie/v2/jobs?jobtype=bundle&filter=user%3Dalice");
        var workflows = await sandbox.GetJsonAsync("oozie/v2/jobs?filter=name%3Dhourly-report-wf%3Buser%3Dalice");

        Assert.Equal(["status"], Names(coordinatorStatus));
        Assert.Equal("DONEWITHERROR", coordinatorStatus.GetProperty("status").GetString());
        Assert.Equal("DONEWITHERROR", Assert.IsType<OozieLookup<string>.Found>(bundleStatus).Value);
        Assert.Equal(2, coordinators.GetProperty("total").GetInt32());
        Assert.Contains(coordinators.GetProperty("coordinatorjobs").EnumerateArray(), c => c.GetProperty("coordJobId").GetString() == coordinator.Id);
        Assert.All(coordinators.GetProperty("coordinatorjobs").EnumerateArray(), c => Assert.Equal(0, c.GetProperty("actions").GetArrayLength()));
        Assert.Equal(bundle.Id, Assert.Single(bundles.GetProperty("bundlejobs").EnumerateArray()).GetProperty("bundleJobId").GetString());
        Assert.Equal(3, workflows.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("0099999-000000000000000-oozie-C")]
    [InlineData("0099999-000000000000000-oozie-B")]
    public async Task Unknown_coordinators_and_bundles_are_400_with_E0604(string id)
    {
        using var response = await sandbox.SendAsync(HttpMethod.Get, $"oozie/v2/job/{id}?show=info", SandboxFixture.Alice);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("E0604", response.Headers.GetValues("oozie-error-code").Single());
        Assert.IsType<OozieLookup<CoordinatorJob>.NotFound>(await sandbox.Oozie.GetCoordinatorJobInfoAsync(SandboxFixture.Alice, id));
    }

    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    private static void AssertSameKind(JsonElement expected, JsonElement actual, string field)
    {
        if (expected.ValueKind == JsonValueKind.Null || actual.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        Assert.True(expected.ValueKind == actual.ValueKind, $"{field}: expected {expected.ValueKind}, got {actual.ValueKind}");
    }
}
