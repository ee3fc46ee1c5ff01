using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.Tests.Contract;
using Tracker.Sandbox.Tests.Hadoop;

namespace Tracker.Sandbox.Tests.Hadoop.Oozie;

/// <summary>The emulated Oozie's answers held to the reference's wire examples (§7.1, §4.2).</summary>
public sealed class OozieEmulatorContractTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Job_info_v2_has_the_servers_fields_and_the_documented_shapes()
    {
        var demo = sandbox.Demo("alice", "failed");

        var job = await sandbox.GetJsonAsync($"oozie/v2/job/{demo.Id}?show=info");

        var reference = JsonDocument.Parse(ReferenceExamples.JobInfoV2).RootElement;
        Assert.Equal(ReferenceExamples.WorkflowJobFields.Order(), Names(job).Order());
        foreach (var field in Names(reference).Where(n => n != "jobType"))
        {
            AssertSameKind(reference.GetProperty(field), job.GetProperty(field), field);
        }

        Assert.Matches(@"^\d{7}-\d{15}-oozie-W$", job.GetProperty("id").GetString());
        Assert.Equal("FAILED", job.GetProperty("status").GetString());
        Assert.Equal("alice", job.GetProperty("user").GetString());
        foreach (var time in new[] { "createdTime", "startTime", "endTime", "lastModTime" })
        {
            Assert.True(DateTimeOffset.TryParseExact(job.GetProperty(time).GetString(), "r", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), time);
        }

        var referenceAction = reference.GetProperty("actions")[0];
        var actions = job.GetProperty("actions").EnumerateArray().ToArray();
        Assert.Equal([":start:", "mr-node"], actions.Select(a => a.GetProperty("name").GetString()));
        foreach (var action in actions)
        {
            Assert.Equal(ReferenceExamples.WorkflowActionFields.Order(), Names(action).Order());
            Assert.Equal($"{demo.Id}@{action.GetProperty("name").GetString()}", action.GetProperty("id").GetString());
        }

        var mr = actions[1];
        foreach (var field in Names(referenceAction).Where(n => n is not ("errorCode" or "errorMessage")))
        {
            AssertSameKind(referenceAction.GetProperty(field), mr.GetProperty(field), field);
        }

        Assert.Equal("map-reduce", mr.GetProperty("type").GetString());
        Assert.Equal("FAILED", mr.GetProperty("status").GetString());
        Assert.Matches(@"^job_\d+_\d{4}$", mr.GetProperty("externalId").GetString());
        Assert.Matches(@"^job_\d+_\d{4}$", mr.GetProperty("externalChildIDs").GetString());
        Assert.Equal("-", actions[0].GetProperty("externalId").GetString());
    }

    [Fact]
    public async Task Job_info_v1_reports_the_mapreduce_child_as_the_external_id()
    {
        var demo = sandbox.Demo("bob", "failed");

        var v2 = (await sandbox.GetJsonAsync($"oozie/v2/job/{demo.Id}?show=info", SandboxFixture.Bob)).GetProperty("actions")[1];
        var v1 = (await sandbox.GetJsonAsync($"oozie/v1/job/{demo.Id}?show=info", SandboxFixture.Bob)).GetProperty("actions")[1];

        Assert.Equal(v2.GetProperty("externalChildIDs").GetString(), v1.GetProperty("externalId").GetString());
        Assert.Equal(JsonValueKind.Null, v1.GetProperty("externalChildIDs").ValueKind);
        Assert.NotEqual(v2.GetProperty("externalId").GetString(), v1.GetProperty("externalId").GetString());
    }

    [Fact]
    public async Task An_unknown_job_is_400_with_E0604()
    {
        using var response = await sandbox.SendAsync(HttpMethod.Get, "oozie/v2/job/0099999-000000000000000-oozie-W?show=info", SandboxFixture.Alice);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("E0604", response.Headers.GetValues("oozie-error-code").Single());
        Assert.Equal("E0604: Job does not exist [0099999-000000000000000-oozie-W]", response.Headers.GetValues("oozie-error-message").Single());
        var lookup = await sandbox.Oozie.GetJobInfoAsync(SandboxFixture.Alice, "0099999-000000000000000-oozie-W");
        Assert.IsType<OozieLookup<WorkflowJob>.NotFound>(lookup);
    }

    [Fact]
    public async Task Status_log_and_versions_answer_in_their_shapes()
    {
        var demo = sandbox.Demo("alice", "succeeded");

        var status = await sandbox.GetJsonAsync($"oozie/v2/job/{demo.Id}?show=status");
        using var log = await sandbox.SendAsync(HttpMethod.Get, $"oozie/v2/job/{demo.Id}?show=log", SandboxFixture.Alice);
        var versions = await sandbox.GetJsonAsync("oozie/versions");

        Assert.Equal(["status"], Names(status));
        Assert.Equal("SUCCEEDED", status.GetProperty("status").GetString());
        Assert.Equal("text/plain", log.Content.Headers.ContentType?.MediaType);
        var text = await log.Content.ReadAsStringAsync();
        Assert.Contains($"JOB[{demo.Id}]", text);
        Assert.Contains("Workflow job ended with status [SUCCEEDED]", text);
        Assert.Equal([0, 1, 2], versions.EnumerateArray().Select(v => v.GetInt32()));
    }

    [Fact]
    public async Task Listing_has_the_documented_keys_filters_and_pages()
    {
        var reference = JsonDocument.Parse(ReferenceExamples.JobsListing).RootElement;

        var all = await sandbox.GetJsonAsync("oozie/v2/jobs?offset=0&len=50");
        var bobs = await sandbox.GetJsonAsync("oozie/v2/jobs?filter=" + Uri.EscapeDataString("user=bob;name=daily-aggregation;name=hourly-import;name=word-count;status=FAILED;status=KILLED"));
        var page = await sandbox.GetJsonAsync("oozie/v2/jobs?offset=2&len=3");

        Assert.Equal(Names(reference).Order(), Names(all).Order());
        Assert.Equal(1, all.GetProperty("offset").GetInt32());
        Assert.True(all.GetProperty("total").GetInt32() >= 8);
        var entry = all.GetProperty("workflows")[0];
        Assert.Equal(ReferenceExamples.WorkflowJobFields.Order(), Names(entry).Order());
        Assert.Equal(0, entry.GetProperty("actions").GetArrayLength());
        Assert.Equal(
            [sandbox.Demo("bob", "killed").Id, sandbox.Demo("bob", "failed").Id],
            bobs.GetProperty("workflows").EnumerateArray().Select(w => w.GetProperty("id").GetString()));
        Assert.Equal(2, bobs.GetProperty("total").GetInt32());
        Assert.Equal(3, page.GetProperty("workflows").GetArrayLength());
        Assert.Equal(all.GetProperty("workflows")[1].GetProperty("id").GetString(), page.GetProperty("workflows")[0].GetProperty("id").GetString());

        var listed = await sandbox.Oozie.ListJobsAsync(SandboxFixture.Alice, new WorkflowJobQuery("user=alice"));
        Assert.Equal(4, listed.Workflows.Count(w => sandbox.Sandbox.DemoJobs.Any(d => d.Id == w.Id)));
        Assert.All(listed.Workflows, w => Assert.Equal("alice", w.User));
    }

    [Fact]
    public async Task A_bad_filter_is_400_E0420()
    {
        using var response = await sandbox.SendAsync(HttpMethod.Get, "oozie/v2/jobs?filter=colour%3Dred", SandboxFixture.Alice);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("E0420", response.Headers.GetValues("oozie-error-code").Single());
    }

    [Fact]
    public async Task Submission_answers_201_with_an_oozie_id()
    {
        var body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration>
            <property><name>user.name</name><value>alice</value></property>
            <property><name>oozie.wf.application.path</name><value>hdfs://sandbox/user/alice/apps/x</value></property>
            <property><name>sandbox.runtime.seconds</name><value>1</value></property>
            </configuration>
            """;
        using var response = await sandbox.SendAsync(HttpMethod.Post, "oozie/v1/jobs?action=start", SandboxFixture.Alice,
            new StringContent(body, Encoding.UTF8, "application/xml"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["id"], Names(answer));
        Assert.Matches(@"^\d{7}-\d{15}-oozie-W$", answer.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("", "E0405")]
    [InlineData("<property><name>oozie.wf.application.path</name><value>/user/alice/no-such-app</value></property>", "E0505")]
    [InlineData("<property><name>oozie.wf.application.path</name><value>/user/alice/x</value></property><property><name>sandbox.outcome</name><value>MAYBE</value></property>", "E0000")]
    public async Task Bad_submissions_are_400s_with_an_oozie_code_and_create_nothing(string properties, string code)
    {
        var before = (await sandbox.GetJsonAsync("oozie/v2/jobs")).GetProperty("total").GetInt32();

        using var response = await sandbox.SendAsync(HttpMethod.Post, "oozie/v1/jobs?action=start", SandboxFixture.Alice,
            new StringContent($"<configuration>{properties}</configuration>", Encoding.UTF8, "application/xml"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, response.Headers.GetValues("oozie-error-code").Single());
        Assert.Equal(before, (await sandbox.GetJsonAsync("oozie/v2/jobs")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Oozie_5_reports_yarn_application_ids()
    {
        var id = await sandbox.SubmitScriptedAsync(SandboxFixture.Bob,
            ("sandbox.oozie.version", "5"), ("sandbox.applications", "3"), ("sandbox.runtime.seconds", "1"), ("sandbox.outcome", "FAILED"));
        await sandbox.WaitForEndAsync(SandboxFixture.Bob, id, TimeSpan.FromSeconds(20));

        var job = Assert.IsType<OozieLookup<WorkflowJob>.Found>(await sandbox.Oozie.GetJobInfoAsync(SandboxFixture.Bob, id)).Value;

        var action = job.Actions.Single(a => a.Type == "map-reduce");
        Assert.StartsWith("application_", action.ExternalId);
        Assert.Equal(2, action.ExternalChildIdList.Count);
        Assert.All(action.ExternalChildIdList, c => Assert.StartsWith("application_", c));
        Assert.Equal(3, OozieApplicationIds.From(job).Count);
    }

    [Fact]
    public async Task Only_the_owner_may_kill_a_job()
    {
        var id = await sandbox.SubmitScriptedAsync(SandboxFixture.Bob, ("sandbox.runtime.seconds", "600"));

        using var byAlice = await sandbox.SendAsync(HttpMethod.Put, $"oozie/v1/job/{id}?action=kill", SandboxFixture.Alice);
        using var byBob = await sandbox.SendAsync(HttpMethod.Put, $"oozie/v1/job/{id}?action=kill", SandboxFixture.Bob);

        Assert.Equal(HttpStatusCode.Unauthorized, byAlice.StatusCode);
        Assert.Equal("E0508", byAlice.Headers.GetValues("oozie-error-code").Single());
        Assert.Equal(HttpStatusCode.OK, byBob.StatusCode);
        var job = Assert.IsType<OozieLookup<WorkflowJob>.Found>(await sandbox.Oozie.GetJobInfoAsync(SandboxFixture.Bob, id)).Value;
        Assert.Equal("KILLED", job.Status);
        Assert.Equal("KILLED", job.Actions.Single(a => a.Type == "shell").Status);
        var app = await sandbox.ResourceManager.GetApplicationAsync(SandboxFixture.Bob, "application_" + OozieApplicationIds.From(job).Single());
        Assert.Equal("KILLED", app!.State);
    }

    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    /// <summary>The emulator may send null where the example has a value (a job not ended) and vice versa, but never another kind.</summary>
    private static void AssertSameKind(JsonElement expected, JsonElement actual, string field)
    {
        if (expected.ValueKind == JsonValueKind.Null || actual.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        Assert.True(expected.ValueKind == actual.ValueKind, $"{field}: expected {expected.ValueKind}, got {actual.ValueKind}");
    }
}
