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
        var before = host.TManager.RequestCount;
        var url = $"/v2/topologies/metrics?{host.Coordinates}&{Metrics}";

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.GetUnwrappedAsync(url)));
        var again = await host.GetUnwrappedAsync(url);

        Assert.Equal(before + 1, host.TManager.RequestCount);
        Assert.All(answers, a => Assert.Equal(again.GetRawText(), a.GetRawText()));
        await host.GetUnwrappedAsync($"/v2/topologies/metrics?{host.Coordinates}&component=word&metricname=__ack-count/default&interval=600");
        Assert.Equal(before + 2, host.TManager.RequestCount);
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
}
