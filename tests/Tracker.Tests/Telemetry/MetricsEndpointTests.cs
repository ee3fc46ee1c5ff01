using System.Net;
using Microsoft.Extensions.Options;
using Tracker.Testing;
using Tracker.Tests.Hosting;

namespace Tracker.Tests.Telemetry;

/// <summary>The Prometheus scrape endpoint: where it answers, that it can be moved or turned off, and that the APIs keep their paths.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_ServesPrometheusText_WithTheRequestsServed()
    {
        await using var tracker = await RunningTracker.StartAsync();
        (await tracker.Http.GetAsync("/health")).Dispose();

        using var response = await tracker.Http.GetAsync("/metrics");
        var scrape = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(scrape.Sum("http_server_request_duration_seconds_count", ("http_route", "/health")) >= 1);
        Assert.Equal(1, scrape.Sum("target_info", ("service_name", "tracker")));
    }

    [Fact]
    public async Task Metrics_BesideTheHeronApiAtTheRoot_BothAnswerTheirOwn()
    {
        await using var tracker = await RunningTracker.StartAsync("--sandbox", "--Sandbox:Port", "0");

        var scrape = await PrometheusText.ScrapeAsync(tracker.Http);
        using var heron = await tracker.Http.GetAsync("/topologies/metrics?cluster=local&environ=default&topology=WordCount");

        // The sandbox's two demo topologies are in the Heron gauge; Heron's own /topologies/metrics answers in its envelope.
        Assert.Equal(2, scrape.Sum("tracker_heron_topologies", ("heron_cluster", "local")));
        Assert.Equal(HttpStatusCode.BadRequest, heron.StatusCode);
        Assert.Contains("\"status\"", await heron.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_OfTwoHostsInOneProcess_AreEachTheirOwn()
    {
        // The sandbox's emulators are hosts of their own in Tracker's process; their requests are not Tracker's.
        await using var first = await RunningTracker.StartAsync();
        await using var second = await RunningTracker.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            (await first.Http.GetAsync("/health")).Dispose();
        }

        var scrape = await PrometheusText.ScrapeAsync(second.Http);

        Assert.Equal(0, scrape.Sum("http_server_request_duration_seconds_count", ("http_route", "/health")));
    }

    [Fact]
    public async Task Metrics_ConfiguredPath_MovesTheEndpoint()
    {
        await using var tracker = await RunningTracker.StartAsync("--Telemetry:Prometheus:Path", "/ops/metrics");

        using var moved = await tracker.Http.GetAsync("/ops/metrics");
        using var old = await tracker.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Contains("target_info", await moved.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Theory]
    [InlineData("--Telemetry:Prometheus:Enabled")]
    [InlineData("--Telemetry:Enabled")]
    public async Task Metrics_TurnedOff_IsNotServed(string setting)
    {
        await using var tracker = await RunningTracker.StartAsync(setting, "false");

        using var response = await tracker.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/metrics")]
    [InlineData("/topologies/prometheus")]
    [InlineData("/v2")]
    [InlineData("metrics")]
    public async Task Metrics_PathTakenByAnApiOrNotAPath_RefusedAtStart(string path)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningTracker.StartAsync("--Telemetry:Prometheus:Path", path));

        Assert.Contains("Telemetry:Prometheus:Path", string.Join(" ", e.Failures));
    }
}
