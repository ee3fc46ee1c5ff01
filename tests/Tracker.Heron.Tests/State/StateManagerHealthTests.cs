using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tracker.Heron.State;
using Tracker.Sandbox.Heron;
using Tracker.Sandbox.Heron.State;
using Tracker.Testing;

namespace Tracker.Heron.Tests.State;

/// <summary>The readiness entry of each Heron state manager, and the ZooKeeper client's measurements behind it.</summary>
public sealed class StateManagerHealthTests
{
    [Theory]
    [InlineData(true, true, HealthStatus.Healthy)]
    [InlineData(false, true, HealthStatus.Degraded)]
    [InlineData(true, false, HealthStatus.Degraded)]
    [InlineData(false, false, HealthStatus.Unhealthy)]
    public void Judge_ConnectedAndCaughtUp_DecideTheStatus(bool connected, bool caughtUp, HealthStatus expected)
    {
        var result = StateManagerHealthCheck.Judge(new StateManagerStatus(connected, caughtUp, "connected", "detail"));

        Assert.Equal(expected, result.Status);
        Assert.Equal(connected, result.Data["connected"]);
        Assert.Equal(caughtUp, result.Data["caughtUp"]);
    }

    [Fact]
    public async Task ZooKeeperStateManager_LosingItsServer_IsDegraded_ThenHealthyAgain_AndTheReconnectIsCounted()
    {
        var root = ZooKeeperServers.UniqueRoot();
        await using var relay = new FaultRelay(ZooKeeperServers.Shared);
        try
        {
            var store = await ZooKeeperHeronStateStore.ConnectAsync(ZooKeeperServers.Shared, root, CancellationToken.None);
            await using var tracker = await HeronTracker.StartAsync(
                Path.Combine(Path.GetTempPath(), "tracker-heron-tests", Guid.NewGuid().ToString("N")), root, store,
                ["--Heron:StateManagers:0:Type", "zookeeper", "--Heron:StateManagers:0:Name", "local", "--Heron:StateManagers:0:HostPort", relay.Address,
                 "--Heron:StateManagers:0:RootPath", root]);
            await tracker.SubmitAsync(DemoTopologies.WordCount);

            var healthy = await EntryAsync(tracker, e => e.Status == "healthy");
            Assert.Equal("connected", healthy.Data.GetProperty("session").GetString());
            var before = await PrometheusText.ScrapeAsync(tracker.Http);
            Assert.Equal(1, before.Sum("tracker_zookeeper_session_state", ("zookeeper_state", "connected")));

            relay.Cut();
            var degraded = await EntryAsync(tracker, e => e.Status == "degraded");
            Assert.Equal("disconnected", degraded.Data.GetProperty("session").GetString());
            Assert.Equal("true", degraded.Data.GetProperty("caughtUp").GetString());
            Assert.Contains(relay.Address.Split(':')[1], degraded.Description);
            using (var ready = await tracker.Http.GetAsync("/health/ready"))
            {
                // Degraded still serves (the last state it read): ready, with the reason in the body.
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }

            relay.Accept();
            var back = await EntryAsync(tracker, e => e.Status == "healthy");
            Assert.Equal("reconnected", back.Data.GetProperty("session").GetString());
            var after = await PrometheusText.ScrapeAsync(tracker.Http);
            Assert.Equal(1, after.Sum("tracker_zookeeper_reconnects_total") - before.Sum("tracker_zookeeper_reconnects_total"));
            Assert.Equal(1, after.Sum("tracker_zookeeper_session_state", ("zookeeper_state", "reconnected")));
            Assert.True(after.Sum("tracker_zookeeper_watch_events_total") > 0);
            Assert.True(after.Sum("tracker_zookeeper_request_duration_seconds_count") > 0);
        }
        finally
        {
            await ZooKeeperServers.DeleteRootAsync(ZooKeeperServers.Shared, root);
        }
    }

    [Fact]
    public async Task ZooKeeperStateManager_NeverReachingItsServer_IsUnhealthy_And503()
    {
        await using var relay = new FaultRelay(ZooKeeperServers.Shared);
        relay.Cut();
        var root = ZooKeeperServers.UniqueRoot();
        var store = await ZooKeeperHeronStateStore.ConnectAsync(ZooKeeperServers.Shared, root, CancellationToken.None);
        try
        {
            await using var tracker = await HeronTracker.StartAsync(
                Path.Combine(Path.GetTempPath(), "tracker-heron-tests", Guid.NewGuid().ToString("N")), root, store,
                ["--Heron:StateManagers:0:Type", "zookeeper", "--Heron:StateManagers:0:Name", "local", "--Heron:StateManagers:0:HostPort", relay.Address,
                 "--Heron:StateManagers:0:RootPath", root]);

            using var ready = await tracker.Http.GetAsync("/health/ready");
            using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var entry = body.RootElement.GetProperty("checks").GetProperty("heron-state-local");
            Assert.Equal("unhealthy", entry.GetProperty("status").GetString());
            Assert.Equal("false", entry.GetProperty("data").GetProperty("connected").GetString());
            Assert.Contains("first complete read pending", entry.GetProperty("description").GetString());
        }
        finally
        {
            await ZooKeeperServers.DeleteRootAsync(ZooKeeperServers.Shared, root);
        }
    }

    private sealed record Entry(string Status, string Description, JsonElement Data);

    /// <summary>Polls <c>/health/ready</c> until the state manager's entry satisfies <paramref name="condition"/> (10 s at most).</summary>
    private static async Task<Entry> EntryAsync(HeronTracker tracker, Func<Entry, bool> condition)
    {
        return await Eventually.MatchesAsync(
            async () =>
            {
                using var response = await tracker.Http.GetAsync("/health/ready");
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var json = body.RootElement.GetProperty("checks").GetProperty("heron-state-local");
                return new Entry(json.GetProperty("status").GetString()!, json.GetProperty("description").GetString()!, json.GetProperty("data").Clone());
            },
            condition,
            TimeSpan.FromSeconds(10),
            "heron-state-local to change",
            describe: entry => $"{entry.Status}: {entry.Description}");
    }
}
