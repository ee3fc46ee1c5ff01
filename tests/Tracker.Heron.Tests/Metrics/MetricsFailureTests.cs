using Tracker.Heron.Proto;
using Tracker.Sandbox.Heron.State;

namespace Tracker.Heron.Tests.Metrics;

/// <summary>TManager failures come back as 503/502/504 in each style's error format, never a 500.</summary>
public sealed class MetricsFailureTests
{
    private const string Metrics = "component=word&metricname=__emit-count/default&interval=600";

    [Fact]
    public async Task TManager_gone_from_the_state_is_503()
    {
        await using var host = await HeronSandboxHost.StartAsync();
        await host.Writer.DeleteAsync(HeronStateWriter.TManagers, host.Topology.Name, CancellationToken.None);
        await host.WaitForAsync(s => s.TManagerLocation is null);

        var message = await host.GetEnvelopeFailureAsync($"/topologies/metrics?{host.Coordinates}&{Metrics}", 503);
        Assert.Contains("no TManager location", message);
        await host.GetUnwrappedFailureAsync($"/v2/topologies/exceptions?{host.Coordinates}&component=word", 503);
        await host.GetUnwrappedFailureAsync($"/v2/topologies/metrics/timeline?{host.Coordinates}&component=word&metricname=__emit-count/default&starttime=1&endtime=2", 503);

        // Runtime state still answers: the flags say there is no TManager, nobody to ask about stream managers.
        var state = await host.GetUnwrappedAsync($"/v2/topologies/runtimestate?{host.Coordinates}");
        Assert.False(state.GetProperty("has_tmanager_location").GetBoolean());
        Assert.Empty(state.GetProperty("stmgrs").EnumerateObject());
    }

    [Fact]
    public async Task TManager_hanging_is_504_after_the_configured_timeout()
    {
        await using var host = await HeronSandboxHost.StartAsync(null, "--Heron:TManager:Timeout", "00:00:00.500");
        host.TManager.ResponseDelay = TimeSpan.FromSeconds(30);

        var started = DateTime.UtcNow;
        var detail = await host.GetUnwrappedFailureAsync($"/v2/topologies/metrics?{host.Coordinates}&{Metrics}", 504);
        Assert.Contains("did not answer", detail);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
        await host.GetEnvelopeFailureAsync($"/topologies/exceptionsummary?{host.Coordinates}&component=word", 504);
    }

    [Fact]
    public async Task TManager_not_listening_is_502()
    {
        await using var host = await HeronSandboxHost.StartAsync();
        await host.TManager.DisposeAsync();

        var message = await host.GetEnvelopeFailureAsync($"/topologies/metrics?{host.Coordinates}&{Metrics}", 502);
        Assert.Contains("unreachable", message);
        await host.GetUnwrappedFailureAsync($"/v2/topologies/runtimestate?{host.Coordinates}", 502);
    }

    [Fact]
    public async Task Identical_metric_requests_share_one_TManager_call_when_the_cache_is_on()
    {
        await using var host = await HeronSandboxHost.StartAsync(null, "--Heron:TManager:MetricsCacheDuration", "00:01:00");
        var url = $"/v2/topologies/metrics?{host.Coordinates}&{Metrics}";
        // Counted by content, not by host.TManager.RequestCount: the emulator's port is shared with
        // every process on the machine, and a tracker of another test (or another test run) still
        // pointing at a port this emulator was given after its own TManager went away adds to
        // RequestCount without this tracker calling twice.
        var emitted = new MetricRequest { ComponentName = "word", Interval = 600, Metric = { "__emit-count/default" } };
        var acked = new MetricRequest { ComponentName = "word", Interval = 600, Metric = { "__ack-count/default" } };

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.GetUnwrappedAsync(url)));
        var again = await host.GetUnwrappedAsync(url);

        Assert.Equal(1, host.TManager.StatsRequestsEqualTo(emitted));
        Assert.All(answers, a => Assert.Equal(again.GetRawText(), a.GetRawText()));
        await host.GetUnwrappedAsync($"/v2/topologies/metrics?{host.Coordinates}&component=word&metricname=__ack-count/default&interval=600");
        Assert.Equal(1, host.TManager.StatsRequestsEqualTo(acked));
        Assert.Equal(1, host.TManager.StatsRequestsEqualTo(emitted));
    }

    [Fact]
    public async Task Without_the_cache_every_request_asks_the_TManager()
    {
        await using var host = await HeronSandboxHost.StartAsync();
        var before = host.TManager.RequestCount;
        await host.GetUnwrappedAsync($"/v2/topologies/metrics?{host.Coordinates}&{Metrics}");
        await host.GetUnwrappedAsync($"/v2/topologies/metrics?{host.Coordinates}&{Metrics}");
        Assert.Equal(before + 2, host.TManager.RequestCount);
    }

    [Fact]
    public async Task A_stats_port_that_does_not_speak_the_protocol_is_502()
    {
        await using var host = await HeronSandboxHost.StartAsync();
        // The TManager location now points at a heron-shell: HTTP, but not the stats protocol.
        var location = new TManagerLocation
        {
            TopologyName = host.Topology.Name,
            TopologyId = host.Topology.Id,
            Host = "127.0.0.1",
            ControllerPort = 1,
            ServerPort = 2,
            StatsPort = host.Shells[1].Port,
        };
        await host.Writer.WriteAsync(HeronStateWriter.TManagers, host.Topology.Name, location, CancellationToken.None, ephemeral: true);
        await host.WaitForAsync(s => s.TManagerLocation?.StatsPort == host.Shells[1].Port);

        Assert.Contains("HTTP", await host.GetUnwrappedFailureAsync($"/v2/topologies/metrics?{host.Coordinates}&{Metrics}", 502));
        await host.GetEnvelopeFailureAsync($"/topologies/exceptions?{host.Coordinates}&component=word", 502);
    }
}
