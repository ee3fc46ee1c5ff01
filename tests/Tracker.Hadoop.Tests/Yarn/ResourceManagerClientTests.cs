using Microsoft.AspNetCore.Http;
using Tracker.Hadoop.Tests.Contract;

namespace Tracker.Hadoop.Tests.Yarn;

/// <summary>ResourceManager calls (§4.4, §7.2) against a scripted gateway.</summary>
public sealed class ResourceManagerClientTests
{
    private static readonly KnoxCredentials Jane = KnoxCredentials.Basic("jane", "jane-secret");

    [Fact]
    public async Task Cluster_calls_unwrap_their_objects()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(context.Request.Path.Value switch
            {
                "/gateway/sandbox/resourcemanager/v1/cluster/info" => """{"clusterInfo": {"id": 1324053971963, "state": "STARTED"}}""",
                "/gateway/sandbox/resourcemanager/v1/cluster/metrics" => """{"clusterMetrics": {"appsSubmitted": 4, "totalMB": 16384}}""",
                _ => """{"scheduler": {"schedulerInfo": {"type": "capacityScheduler", "queueName": "root"}}}""",
            });
        });
        using var clients = server.CreateClients();

        var info = await clients.ResourceManager.GetClusterInfoAsync(Jane);
        var metrics = await clients.ResourceManager.GetClusterMetricsAsync(Jane);
        var scheduler = await clients.ResourceManager.GetSchedulerAsync(Jane);

        Assert.Equal("STARTED", info.GetProperty("state").GetString());
        Assert.Equal(4, metrics.GetProperty("appsSubmitted").GetInt32());
        Assert.Equal("capacityScheduler", scheduler.GetProperty("type").GetString());
        Assert.Equal(
            ["/gateway/sandbox/resourcemanager/v1/cluster/info", "/gateway/sandbox/resourcemanager/v1/cluster/metrics", "/gateway/sandbox/resourcemanager/v1/cluster/scheduler"],
            server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task An_application_is_read_from_the_documented_example()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "application/json";
            if (context.Request.Path.Value!.EndsWith("application_1_9", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync("""{"RemoteException":{"exception":"NotFoundException","message":"java.lang.Exception: app with id: application_1_9 not found","javaClassName":"org.apache.hadoop.yarn.webapp.NotFoundException"}}""");
                return;
            }

            await context.Response.WriteAsync(ReferenceExamples.RmApplication);
        });
        using var clients = server.CreateClients();

        var app = await clients.ResourceManager.GetApplicationAsync(Jane, "application_1326821518301_0005");
        var missing = await clients.ResourceManager.GetApplicationAsync(Jane, "application_1_9");

        Assert.NotNull(app);
        Assert.Equal("application_1326821518301_0005", app.Id);
        Assert.Equal("user1", app.User);
        Assert.Equal("Sleep job", app.Name);
        Assert.Equal("FINISHED", app.State);
        Assert.Equal("SUCCEEDED", app.FinalStatus);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1326824544552), app.StartedTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1326824991300), app.FinishedTime);
        Assert.Empty(app.ApplicationTags);
        Assert.Null(missing);
    }

    [Fact]
    public async Task Apps_by_tag_send_the_tag_and_read_lists_and_nulls()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, attempt) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(attempt == 1
                ? """{"apps": {"app": [{"id": "application_1_0001", "state": "FINISHED", "finalStatus": "FAILED", "applicationTags": "oozie-abc,other"}]}}"""
                : """{"apps": null}""");
        });
        using var clients = server.CreateClients();

        var found = await clients.ResourceManager.GetApplicationsByTagAsync(Jane, "oozie-abc");
        var none = await clients.ResourceManager.GetApplicationsByTagAsync(Jane, "oozie-def");

        Assert.Equal(["oozie-abc", "other"], Assert.Single(found).ApplicationTags);
        Assert.Empty(none);
        Assert.Equal("/gateway/sandbox/resourcemanager/v1/cluster/apps?applicationTags=oozie-abc", server.Requests.First().PathAndQuery);
    }
}
