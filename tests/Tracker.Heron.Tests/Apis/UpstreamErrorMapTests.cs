using Tracker.Heron.Tests.Metrics;

namespace Tracker.Heron.Tests.Apis;

/// <summary>
/// The one error map of the Heron API: a TManager that does not answer in time is 504 on every TManager-backed route,
/// in both styles' error formats (contract §4.4), never a 502 on one route and a 504 on another, never a 500.
/// </summary>
public sealed class UpstreamErrorMapTests
{
    [Fact]
    public async Task A_TManager_timeout_is_504_on_every_route_in_both_styles()
    {
        // The breaker is off here: this test counts timeouts, not what happens after enough of them.
        await using var host = await HeronSandboxHost.StartAsync(
            null, "--Heron:TManager:Timeout", "00:00:00.300", "--Heron:TManager:CircuitBreaker:Enabled", "false");
        host.TManager.ResponseDelay = TimeSpan.FromMinutes(5);
        var (start, end) = (host.Now - 600, host.Now);
        var query = Uri.EscapeDataString("TS(word,*,__emit-count/default)");
        string[] routes =
        [
            "topologies/metrics?{0}&component=word&metricname=__emit-count/default&interval=600",
            "topologies/metrics/timeline?{0}&component=word&metricname=__emit-count/default&starttime={1}&endtime={2}",
            "topologies/metricstimeline?{0}&component=word&metricname=__emit-count/default&starttime={1}&endtime={2}",
            "topologies/exceptions?{0}&component=word",
            "topologies/exceptionsummary?{0}&component=word",
            "topologies/runtimestate?{0}",
            "topologies/metrics/query?{0}&starttime={1}&endtime={2}&query={3}",
            "topologies/metricsquery?{0}&starttime={1}&endtime={2}&query={3}",
        ];

        foreach (var route in routes)
        {
            var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, route, host.Coordinates, start, end, query);
            Assert.Contains("did not answer", await host.GetEnvelopeFailureAsync("/" + path, 504));
            Assert.Contains("did not answer", await host.GetEnvelopeFailureAsync("/v1/" + path, 504));
            Assert.Contains("did not answer", await host.GetUnwrappedFailureAsync("/v2/" + path, 504));
        }
    }

    [Fact]
    public void Each_kind_of_upstream_failure_has_one_status()
    {
        Assert.Equal(503, Tracker.Heron.Apis.UpstreamErrors.StatusOf(Tracker.Heron.Metrics.UpstreamFailure.Unavailable));
        Assert.Equal(504, Tracker.Heron.Apis.UpstreamErrors.StatusOf(Tracker.Heron.Metrics.UpstreamFailure.Timeout));
        Assert.Equal(502, Tracker.Heron.Apis.UpstreamErrors.StatusOf(Tracker.Heron.Metrics.UpstreamFailure.Unreachable));
        Assert.Equal(404, Tracker.Heron.Apis.UpstreamErrors.StatusOf(Tracker.Heron.Metrics.UpstreamFailure.NotFound));
    }
}
