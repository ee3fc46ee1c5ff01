using Tracker.Heron.Topologies;
using Tracker.Sandbox.Heron.State;
using Tracker.Testing;

namespace Tracker.Heron.Tests.Metrics;

/// <summary>The <c>Tracker.Heron</c> meter as Prometheus scrapes it, moved by requests and state changes.</summary>
public sealed class HeronTelemetryTests
{
    [Fact]
    public async Task MetricsRequest_CountsOneTManagerCall_AndAQueryCountsItsEvaluation()
    {
        await using var host = await HeronSandboxHost.StartAsync();
        var before = await PrometheusText.ScrapeAsync(host.Http);

        using (var metrics = await host.Http.GetAsync($"/v2/topologies/metrics?{host.Coordinates}&component=word&metricname=__emit-count/default&interval=60"))
        {
            metrics.EnsureSuccessStatusCode();
        }

        var afterMetrics = await PrometheusText.ScrapeAsync(host.Http);
        var end = host.Now - 60;
        using (var query = await host.Http.GetAsync(
            $"/v2/topologies/metrics/query?{host.Coordinates}&starttime={end - 600}&endtime={end}&query={Uri.EscapeDataString("TS(count,*,__execute-count/default)")}"))
        {
            query.EnsureSuccessStatusCode();
        }

        var afterQuery = await PrometheusText.ScrapeAsync(host.Http);
        var stats = ("heron_tmanager_endpoint", "/stats");
        Assert.Equal(1, afterMetrics.Sum("tracker_heron_tmanager_duration_seconds_count", stats, ("outcome", "ok"))
            - before.Sum("tracker_heron_tmanager_duration_seconds_count", stats, ("outcome", "ok")));
        Assert.Equal(0, afterMetrics.Sum("tracker_heron_tmanager_errors_total"));
        Assert.Equal(1, afterQuery.Sum("tracker_heron_query_duration_seconds_count", ("outcome", "ok"))
            - afterMetrics.Sum("tracker_heron_query_duration_seconds_count", ("outcome", "ok")));
        // The query's one TS leaf is one more stats-port call.
        Assert.Equal(1, afterQuery.Sum("tracker_heron_tmanager_duration_seconds_count", stats)
            - afterMetrics.Sum("tracker_heron_tmanager_duration_seconds_count", stats));
    }

    [Fact]
    public async Task UnreachableTManager_CountsAsAnErrorOfItsKind()
    {
        await using var host = await HeronSandboxHost.StartAsync();
        var before = await PrometheusText.ScrapeAsync(host.Http);
        await host.TManager.DisposeAsync();

        using (var metrics = await host.Http.GetAsync($"/v2/topologies/metrics?{host.Coordinates}&component=word&metricname=__emit-count/default&interval=60"))
        {
            Assert.Equal(502, (int)metrics.StatusCode);
        }

        var after = await PrometheusText.ScrapeAsync(host.Http);
        var lines = string.Join("\n", after.Text.Split('\n').Where(l => l.StartsWith("tracker_heron_tmanager", StringComparison.Ordinal) && !l.Contains("_bucket", StringComparison.Ordinal)));
        Assert.True(1 == after.Sum("tracker_heron_tmanager_errors_total", ("error_type", "unreachable"))
            - before.Sum("tracker_heron_tmanager_errors_total", ("error_type", "unreachable")), lines);
    }

    [Fact]
    public async Task StateChange_CountsOneUpdateOfItsKind_AndTheTopologyGaugeFollowsTheCluster()
    {
        await using var host = await HeronSandboxHost.StartAsync();
        var before = await PrometheusText.ScrapeAsync(host.Http);
        Assert.Equal(1, before.Sum("tracker_heron_topologies", ("heron_state_manager", "local"), ("heron_cluster", host.Topology.Cluster)));

        await host.Writer.DeleteAsync(HeronStateWriter.TManagers, host.Topology.Name, CancellationToken.None);
        await host.WaitForAsync(s => s.TManagerLocation is null);

        var after = await PrometheusText.ScrapeAsync(host.Http);
        var update = new[] { ("heron_state_manager", "local"), ("heron_state_kind", "tmanager_location") };
        Assert.Equal(1, after.Sum("tracker_heron_state_updates_total", update) - before.Sum("tracker_heron_state_updates_total", update));
        Assert.True(after.Sum("tracker_heron_snapshot_build_duration_seconds_count") > before.Sum("tracker_heron_snapshot_build_duration_seconds_count"));
    }
}
