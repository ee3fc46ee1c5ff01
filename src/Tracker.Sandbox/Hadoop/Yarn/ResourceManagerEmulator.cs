using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tracker.Sandbox.Hadoop.Yarn;

/// <summary>The ResourceManager's REST API as Knox maps it: <c>{gateway}/resourcemanager/v1/cluster/…</c> → RM <c>/ws/v1/cluster/…</c>.</summary>
internal sealed class ResourceManagerEmulator(YarnCluster cluster)
{
    public const string HadoopVersion = "3.1.1";

    public void Map(IEndpointRouteBuilder gateway)
    {
        var rm = gateway.MapGroup("/resourcemanager/v1/cluster");
        rm.MapGet("/", Info);
        rm.MapGet("/info", Info);
        rm.MapGet("/metrics", Metrics);
        rm.MapGet("/scheduler", Scheduler);
        rm.MapGet("/apps", Apps);
        rm.MapGet("/apps/{id}", App);
        rm.MapGet("/apps/{id}/appattempts", Attempts);
    }

    private IResult Info() => Json(new
    {
        clusterInfo = new
        {
            id = cluster.ClusterTimestamp,
            startedOn = cluster.StartedOn.ToUnixTimeMilliseconds(),
            state = "STARTED",
            haState = "ACTIVE",
            rmStateStoreName = "org.apache.hadoop.yarn.server.resourcemanager.recovery.NullRMStateStore",
            resourceManagerVersion = HadoopVersion,
            resourceManagerBuildVersion = $"{HadoopVersion} from sandbox by tracker source checksum sandbox",
            resourceManagerVersionBuiltOn = "2018-08-02T04:26Z",
            hadoopVersion = HadoopVersion,
            hadoopBuildVersion = $"{HadoopVersion} from sandbox by tracker source checksum sandbox",
            hadoopVersionBuiltOn = "2018-08-02T04:26Z",
            haZooKeeperConnectionState = "ResourceManager HA is not enabled.",
        },
    });

    private IResult Metrics()
    {
        var now = cluster.Now;
        var apps = cluster.All();
        var running = apps.Count(a => a.State(now) == "RUNNING");
        return Json(new
        {
            clusterMetrics = new
            {
                appsSubmitted = apps.Count,
                appsCompleted = apps.Count(a => a.IsFinished(now) && a.FinalStatus == "SUCCEEDED"),
                appsPending = apps.Count(a => a.State(now) == "ACCEPTED"),
                appsRunning = running,
                appsFailed = apps.Count(a => a.IsFinished(now) && a.FinalStatus == "FAILED"),
                appsKilled = apps.Count(a => a.IsFinished(now) && a.FinalStatus == "KILLED"),
                reservedMB = 0,
                availableMB = 16384 - running * 2048,
                allocatedMB = running * 2048,
                totalMB = 16384,
                reservedVirtualCores = 0,
                availableVirtualCores = 16 - running * 2,
                allocatedVirtualCores = running * 2,
                totalVirtualCores = 16,
                containersAllocated = running * 2,
                containersReserved = 0,
                containersPending = 0,
                totalNodes = 1,
                activeNodes = 1,
                lostNodes = 0,
                unhealthyNodes = 0,
                decommissioningNodes = 0,
                decommissionedNodes = 0,
                rebootedNodes = 0,
                shutdownNodes = 0,
            },
        });
    }

    private IResult Scheduler() => Json(new
    {
        scheduler = new
        {
            schedulerInfo = new
            {
                type = "capacityScheduler",
                capacity = 100.0,
                usedCapacity = 0.0,
                maxCapacity = 100.0,
                queueName = "root",
                queues = new
                {
                    queue = new object[]
                    {
                        new
                        {
                            type = "capacitySchedulerLeafQueueInfo",
                            capacity = 100.0,
                            usedCapacity = 0.0,
                            maxCapacity = 100.0,
                            absoluteCapacity = 100.0,
                            absoluteMaxCapacity = 100.0,
                            absoluteUsedCapacity = 0.0,
                            numApplications = cluster.All().Count(a => !a.IsFinished(cluster.Now)),
                            queueName = "default",
                            state = "RUNNING",
                        },
                    },
                },
            },
        },
    });

    private IResult Apps(string? applicationTags, string? state, string? user, string? finalStatus)
    {
        var now = cluster.Now;
        var tags = applicationTags?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var states = state?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var selected = cluster.All()
            .Where(a => tags.Length == 0 || tags.Contains(a.Tag, StringComparer.OrdinalIgnoreCase))
            .Where(a => states.Length == 0 || states.Contains(a.State(now), StringComparer.OrdinalIgnoreCase))
            .Where(a => user is null || a.User == user)
            .Where(a => finalStatus is null || a.Status(now).Equals(finalStatus, StringComparison.OrdinalIgnoreCase))
            .Select(a => Describe(a, now))
            .ToArray();

        // The RM writes {"apps": null} rather than an empty list.
        return Json(new { apps = selected.Length == 0 ? null : new { app = selected } });
    }

    private IResult App(string id)
    {
        var app = cluster.Find(id);
        return app is null ? NotFound(id) : Json(new { app = Describe(app, cluster.Now) });
    }

    private IResult Attempts(string id)
    {
        var app = cluster.Find(id);
        if (app is null)
        {
            return NotFound(id);
        }

        return Json(new
        {
            appAttempts = new
            {
                appAttempt = new[]
                {
                    new
                    {
                        id = 1,
                        startTime = app.StartedTime.ToUnixTimeMilliseconds(),
                        finishedTime = app.FinishedTime is { } f && f <= cluster.Now ? f.ToUnixTimeMilliseconds() : 0,
                        containerId = app.Containers[0],
                        nodeHttpAddress = $"{YarnCluster.NodeHost}:8042",
                        nodeId = $"{YarnCluster.NodeHost}:{YarnCluster.NodePort}",
                        logsLink = $"http://{YarnCluster.NodeHost}:8042/node/containerlogs/{app.Containers[0]}/{app.User}",
                        appAttemptId = $"appattempt_{app.ClusterTimestamp}_{app.Sequence:D4}_000001",
                    },
                },
            },
        });
    }

    private static object Describe(YarnApplicationModel a, DateTimeOffset now)
    {
        var finished = a.IsFinished(now);
        var finishedTime = finished ? a.FinishedTime!.Value.ToUnixTimeMilliseconds() : 0;
        return new
        {
            id = a.Id,
            user = a.User,
            name = a.Name,
            queue = a.Queue,
            state = a.State(now),
            finalStatus = a.Status(now),
            progress = finished ? 100.0 : 50.0,
            trackingUI = finished ? "History" : "ApplicationMaster",
            trackingUrl = $"http://sandbox-rm.example.com:8088/proxy/{a.Id}/",
            diagnostics = a.Diagnostics,
            clusterId = a.ClusterTimestamp,
            applicationType = a.Type,
            applicationTags = a.Tag,
            priority = 0,
            startedTime = a.StartedTime.ToUnixTimeMilliseconds(),
            finishedTime,
            elapsedTime = (long)((finished ? a.FinishedTime!.Value : now) - a.StartedTime).TotalMilliseconds,
            amContainerLogs = $"http://{YarnCluster.NodeHost}:8042/node/containerlogs/{a.Containers[0]}/{a.User}",
            amHostHttpAddress = $"{YarnCluster.NodeHost}:8042",
            allocatedMB = finished ? -1 : 2048,
            allocatedVCores = finished ? -1 : 2,
            runningContainers = finished ? -1 : a.Containers.Count,
            memorySeconds = 2048L * Math.Max(1, (long)((finished ? a.FinishedTime!.Value : now) - a.StartedTime).TotalSeconds),
            vcoreSeconds = 2L * Math.Max(1, (long)((finished ? a.FinishedTime!.Value : now) - a.StartedTime).TotalSeconds),
            logAggregationStatus = !finished ? "NOT_START" : a.LogsAggregated ? "SUCCEEDED" : "FAILED",
            unmanagedApplication = false,
        };
    }

    private static IResult NotFound(string id) => Results.Json(
        new
        {
            RemoteException = new
            {
                exception = "NotFoundException",
                message = $"java.lang.Exception: app with id: {id} not found",
                javaClassName = "org.apache.hadoop.yarn.webapp.NotFoundException",
            },
        },
        statusCode: 404);

    private static IResult Json(object value) => Results.Json(value, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = null, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
