using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.Tests.Contract;

namespace Tracker.Hadoop.Tests.Oozie;

/// <summary>Every Oozie call: the request the client sends (§4.1, §4.2, §7.1) and how it reads the documented answers.</summary>
public sealed class OozieClientContractTests
{
    private static readonly KnoxCredentials Jane = KnoxCredentials.Basic("jane", "jane:secret");

    [Fact]
    public async Task Job_info_asks_v2_show_info_and_reads_the_documented_example()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) => Json(context, ReferenceExamples.JobInfoV2));
        using var clients = server.CreateClients();

        var lookup = await clients.Oozie.GetJobInfoAsync(Jane, "0-200905191240-oozie-W");

        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/gateway/sandbox/oozie/v2/job/0-200905191240-oozie-W?show=info", request.PathAndQuery);
        Assert.Equal(Jane.ToAuthorizationHeader().ToString(), request.Authorization);

        var job = Assert.IsType<OozieLookup<WorkflowJob>.Found>(lookup).Value;
        Assert.Equal("0-200905191240-oozie-W", job.Id);
        Assert.Equal("indexer-workflow", job.AppName);
        Assert.Equal("hdfs://user/bansalm/indexer.wf", job.AppPath);
        Assert.Equal("bansalm", job.User);
        Assert.Equal("other", job.Group);
        Assert.Equal(OozieStatus.Running, job.Status);
        Assert.False(job.IsTerminal);
        Assert.Equal(new DateTimeOffset(2009, 1, 1, 0, 0, 0, TimeSpan.Zero), job.CreatedTime);
        Assert.Equal(new DateTimeOffset(2009, 1, 2, 0, 0, 0, TimeSpan.Zero), job.StartTime);
        Assert.Null(job.EndTime);
        var action = Assert.Single(job.Actions);
        Assert.Equal("0-200905191240-oozie-W@indexer", action.Id);
        Assert.Equal("indexer", action.Name);
        Assert.Equal("map-reduce", action.Type);
        Assert.Equal("OK", action.Status);
        Assert.Equal("job-123-200903101010", action.ExternalId);
        Assert.Equal("SUCCEEDED", action.ExternalStatus);
        Assert.Equal(["job-123-200903101011"], action.ExternalChildIdList);
        Assert.Equal("reporter", action.Transition);
        Assert.Equal("foo:8021", action.TrackerUri);
    }

    [Fact]
    public async Task Job_info_v1_and_the_log_use_their_paths()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            if (context.Request.Query["show"] == "log")
            {
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("2009-01-01 00:00:00,000 INFO line\n");
                return;
            }

            await Json(context, ReferenceExamples.JobInfoV2);
        });
        using var clients = server.CreateClients();

        await clients.Oozie.GetJobInfoAsync(Jane, "0-1-oozie-W", OozieApiVersion.V1);
        var log = await clients.Oozie.GetJobLogAsync(Jane, "0-1-oozie-W");

        Assert.Equal(
            ["/gateway/sandbox/oozie/v1/job/0-1-oozie-W?show=info", "/gateway/sandbox/oozie/v2/job/0-1-oozie-W?show=log"],
            server.Requests.Select(r => r.PathAndQuery));
        Assert.Equal("2009-01-01 00:00:00,000 INFO line\n", Assert.IsType<OozieLookup<string>.Found>(log).Value);
    }

    [Fact]
    public async Task Listing_sends_filter_offset_len_and_jobtype_and_reads_the_page()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) => Json(context, ReferenceExamples.JobsListing));
        using var clients = server.CreateClients();

        var page = await clients.Oozie.ListJobsAsync(Jane, new WorkflowJobQuery("user=jane;status=KILLED", Offset: 1, Len: 50));

        Assert.Equal("/gateway/sandbox/oozie/v2/jobs?filter=user%3Djane%3Bstatus%3DKILLED&offset=1&len=50&jobtype=wf", Assert.Single(server.Requests).PathAndQuery);
        Assert.Equal(1002, page.Total);
        Assert.Equal(1, page.Offset);
        Assert.Equal(50, page.Len);
        var job = Assert.Single(page.Workflows);
        Assert.Equal("0030161-180716060648641-oozie-W", job.Id);
        Assert.Equal(OozieStatus.Killed, job.Status);
        Assert.Empty(job.Actions);
        Assert.Equal(1002, page.Raw.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Coordinator_info_always_sends_len_on_v2_and_reads_the_servers_fields()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) => Json(context, ReferenceExamples.CoordinatorInfo));
        using var clients = server.CreateClients();

        var lookup = await clients.Oozie.GetCoordinatorJobInfoAsync(Jane, "0000010-130426111815091-oozie-oozi-C", offset: 2, len: 1);
        await clients.Oozie.GetCoordinatorJobInfoAsync(Jane, "0000010-130426111815091-oozie-oozi-C", newestFirst: true);

        // Oozie's v2 answers no actions at all unless len is given, so the client never leaves it out.
        Assert.Equal(
            [
                "/gateway/sandbox/oozie/v2/job/0000010-130426111815091-oozie-oozi-C?show=info&offset=2&len=1",
                "/gateway/sandbox/oozie/v2/job/0000010-130426111815091-oozie-oozi-C?show=info&offset=1&len=1000&order=desc",
            ],
            server.Requests.Select(r => r.PathAndQuery));
        var coordinator = Assert.IsType<OozieLookup<CoordinatorJob>.Found>(lookup).Value;
        Assert.Equal("0000010-130426111815091-oozie-oozi-C", coordinator.Id);
        Assert.Equal("hourly-report", coordinator.AppName);
        Assert.Equal("jane", coordinator.User);
        Assert.Equal(OozieStatus.RunningWithError, coordinator.Status);
        Assert.False(coordinator.IsTerminal);
        Assert.Equal("0000009-130426111815091-oozie-oozi-B", coordinator.BundleId);
        Assert.Equal(("60", "MINUTE"), (coordinator.Frequency, coordinator.TimeUnit));
        Assert.Equal(2, coordinator.Total);
        Assert.Equal(new DateTimeOffset(2016, 4, 18, 12, 15, 0, TimeSpan.Zero), coordinator.NextMaterializedTime);
        var action = Assert.Single(coordinator.Actions);
        Assert.Equal("0000010-130426111815091-oozie-oozi-C@2", action.Id);
        Assert.Equal(coordinator.Id, action.CoordinatorId);
        Assert.Equal(2, action.ActionNumber);
        Assert.Equal("FAILED", action.Status);
        Assert.Equal("0000012-130426111815091-oozie-oozi-W", action.ExternalId);
        Assert.Equal(new DateTimeOffset(2016, 4, 18, 11, 15, 0, TimeSpan.Zero), action.NominalTime);
    }

    [Fact]
    public async Task Bundle_info_reads_its_coordinators()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) => Json(context, ReferenceExamples.BundleInfo));
        using var clients = server.CreateClients();

        var lookup = await clients.Oozie.GetBundleJobInfoAsync(Jane, "0000009-130426111815091-oozie-oozi-B");

        Assert.Equal("/gateway/sandbox/oozie/v2/job/0000009-130426111815091-oozie-oozi-B?show=info", Assert.Single(server.Requests).PathAndQuery);
        var bundle = Assert.IsType<OozieLookup<BundleJob>.Found>(lookup).Value;
        Assert.Equal("0000009-130426111815091-oozie-oozi-B", bundle.Id);
        Assert.Equal("nightly-bundle", bundle.AppName);
        Assert.Equal(OozieStatus.Running, bundle.Status);
        Assert.Equal(new DateTimeOffset(2016, 4, 18, 10, 0, 0, TimeSpan.Zero), bundle.KickoffTime);
        var coordinator = Assert.Single(bundle.Coordinators);
        Assert.Equal("0000010-130426111815091-oozie-oozi-C", coordinator.Id);
        Assert.Equal(bundle.Id, coordinator.BundleId);
        Assert.Empty(coordinator.Actions);
    }

    [Theory]
    [InlineData("0000010-130426111815091-oozie-oozi-C")]
    [InlineData("0000009-130426111815091-oozie-oozi-B")]
    public async Task Unknown_coordinators_and_bundles_are_typed_not_found(string id)
    {
        await using var server = await ScriptedServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 400;
            context.Response.Headers["oozie-error-code"] = "E0604";
            context.Response.Headers["oozie-error-message"] = $"E0604: Job does not exist [{id}]";
            return Task.CompletedTask;
        });
        using var clients = server.CreateClients();

        var missing = id.EndsWith("-C", StringComparison.Ordinal)
            ? (object)await clients.Oozie.GetCoordinatorJobInfoAsync(Jane, id)
            : await clients.Oozie.GetBundleJobInfoAsync(Jane, id);

        var (jobId, code) = missing switch
        {
            OozieLookup<CoordinatorJob>.NotFound n => (n.JobId, n.ErrorCode),
            OozieLookup<BundleJob>.NotFound n => (n.JobId, n.ErrorCode),
            _ => throw new Xunit.Sdk.XunitException($"Expected not found, got {missing}"),
        };
        Assert.Equal((id, "E0604"), (jobId, code));
    }

    [Fact]
    public async Task Submission_posts_the_configuration_xml_and_reads_201_id()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) => Json(context, ReferenceExamples.SubmitAnswer, 201));
        using var clients = server.CreateClients();
        var configuration = ReferenceExamples.CopyConfiguration("jane", "/user/jane/WORK/logs/bc8a75d2-af6f-4833-9431-41725d62ffb7");

        var id = await clients.Oozie.SubmitWorkflowAsync(Jane, configuration);

        Assert.Equal("job-3", id);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/gateway/sandbox/oozie/v1/jobs?action=start", request.PathAndQuery);
        Assert.StartsWith("application/xml", request.ContentType);
        Assert.Contains("charset=utf-8", request.ContentType, StringComparison.OrdinalIgnoreCase);
        var sent = XDocument.Parse(request.Body).Root!;
        Assert.Equal("configuration", sent.Name.LocalName);
        Assert.Equal(
            configuration.OrderBy(p => p.Key),
            sent.Elements("property").Select(p => new KeyValuePair<string, string>(p.Element("name")!.Value, p.Element("value")!.Value)).OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Embedded_submission_carries_the_workflow_as_a_property()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) => Json(context, """{"id": "0000002-1-oozie-W"}""", 201));
        using var clients = server.CreateClients();

        var id = await clients.Oozie.SubmitEmbeddedWorkflowAsync(Jane, ReferenceExamples.CopyWorkflowXml,
            new Dictionary<string, string> { ["oozie.wf.application.path"] = "hdfs://sandbox/user/jane/app" });

        Assert.Equal("0000002-1-oozie-W", id);
        var sent = XDocument.Parse(Assert.Single(server.Requests).Body).Root!;
        var embedded = sent.Elements("property").Single(p => p.Element("name")!.Value == OozieProperties.GeneratedXml).Element("value")!.Value;
        Assert.Equal(ReferenceExamples.CopyWorkflowXml, embedded);
    }

    [Fact]
    public async Task A_submission_answered_200_instead_of_201_is_an_error()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) => Json(context, ReferenceExamples.SubmitAnswer, 200));
        using var clients = server.CreateClients();

        var error = await Assert.ThrowsAsync<HadoopUpstreamException>(() =>
            clients.Oozie.SubmitWorkflowAsync(Jane, new Dictionary<string, string> { ["user.name"] = "jane" }));

        Assert.Contains("expected 201", error.Message);
    }

    [Fact]
    public async Task Status_asks_show_status()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) => Json(context, ReferenceExamples.StatusAnswer));
        using var clients = server.CreateClients();

        var status = await clients.Oozie.GetJobStatusAsync(Jane, "0030161-180716060648641-oozie-W");

        Assert.Equal("/gateway/sandbox/oozie/v2/job/0030161-180716060648641-oozie-W?show=status", Assert.Single(server.Requests).PathAndQuery);
        Assert.Equal(OozieStatus.Succeeded, Assert.IsType<OozieLookup<string>.Found>(status).Value);
    }

    [Fact]
    public async Task A_topology_and_base_url_build_the_reference_urls()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) => Json(context, ReferenceExamples.StatusAnswer));
        using var clients = server.CreateClients(o =>
        {
            o.Url = server.Url;
            o.Topology = "bigdata";
        });

        await clients.Oozie.GetJobStatusAsync(Jane, "1-oozie-W");

        Assert.Equal("/gateway/bigdata/oozie/v2/job/1-oozie-W?show=status", Assert.Single(server.Requests).PathAndQuery);
    }

    private static async Task Json(HttpContext context, string body, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=UTF-8";
        await context.Response.WriteAsync(body);
    }
}
