using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Heron.Topologies;
using Tracker.Sandbox.Heron;
using Tracker.Sandbox.Heron.State;
using Tracker.ZooKeeper;
using static Tracker.Heron.Tests.State.FileStateManagerTests;

namespace Tracker.Heron.Tests.State;

/// <summary>The ZooKeeper state manager against a real ZooKeeper server, observed through the API.</summary>
public sealed class ZooKeeperStateManagerTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private const string ExecutionState = "/v2/topologies/executionstate?cluster=local&environ=default&topology=WordCount";

    [Fact]
    public async Task A_topology_appears_and_disappears_within_a_second()
    {
        var root = ZooKeeperServers.UniqueRoot();
        try
        {
            await using var tracker = await HeronTracker.StartZooKeeperAsync(ZooKeeperServers.Shared, root);

            await tracker.SubmitAsync(DemoTopologies.WordCount);
            await tracker.WaitForAsync("/v2/topologies", t => Lists(t, "WordCount"), OneSecond);
            var state = await tracker.WaitForAsync(ExecutionState, StateIs("has_physical_plan", JsonValueKind.True), OneSecond);
            Assert.Equal("Running", state.GetProperty("status").GetString());

            await tracker.Writer.DeleteTopologyAsync("WordCount", CancellationToken.None);
            await tracker.WaitForAsync("/v2/topologies", t => !Lists(t, "WordCount"), OneSecond);
        }
        finally
        {
            await ZooKeeperServers.DeleteRootAsync(ZooKeeperServers.Shared, root);
        }
    }

    [Fact]
    public async Task With_tmanagers_and_tmasters_nodes_tmanagers_wins_and_tmasters_is_the_fallback()
    {
        var root = ZooKeeperServers.UniqueRoot();
        try
        {
            await using var tracker = await HeronTracker.StartZooKeeperAsync(ZooKeeperServers.Shared, root);
            var state = await tracker.SubmitAsync(DemoTopologies.WordCount, ephemeralLocations: false);
            const string info = "/v2/topologies/info?cluster=local&environ=default&topology=WordCount";
            var legacy = state.TManagerLocation.Clone();
            legacy.Host = "tmaster.example.org";
            await tracker.Writer.WriteAsync(StateLayout.LegacyTManagerDirectory, "WordCount", legacy, CancellationToken.None);
            await tracker.WaitForAsync(info, t => Host(t) == state.TManagerLocation.Host, OneSecond);

            // tmanagers gone while tmasters stays: the older TManager's location is served.
            await tracker.Writer.DeleteAsync(HeronStateWriter.TManagers, "WordCount", CancellationToken.None);
            await tracker.WaitForAsync(info, t => Host(t) == "tmaster.example.org", OneSecond);

            // Written again, tmanagers wins again; then tmasters going changes nothing.
            await tracker.Writer.WriteAsync(HeronStateWriter.TManagers, "WordCount", state.TManagerLocation, CancellationToken.None);
            await tracker.WaitForAsync(info, t => Host(t) == state.TManagerLocation.Host, OneSecond);
            await tracker.Writer.DeleteAsync(StateLayout.LegacyTManagerDirectory, "WordCount", CancellationToken.None);
            await tracker.Writer.DeleteAsync(HeronStateWriter.Schedulers, "WordCount", CancellationToken.None);
            var after = await tracker.WaitForAsync(ExecutionState, StateIs("has_scheduler_location", JsonValueKind.False), OneSecond);
            Assert.True(after.GetProperty("has_tmanager_location").GetBoolean());
            Assert.Equal(state.TManagerLocation.Host, Host((await tracker.GetAsync(info)).Body));
        }
        finally
        {
            await ZooKeeperServers.DeleteRootAsync(ZooKeeperServers.Shared, root);
        }

        static string? Host(JsonElement info) => info.GetProperty("tmanager_location").GetProperty("host").GetString();
    }

    [Fact]
    public async Task The_tmanager_session_ending_flips_has_tmanager_location()
    {
        var root = ZooKeeperServers.UniqueRoot();
        try
        {
            await using var tracker = await HeronTracker.StartZooKeeperAsync(ZooKeeperServers.Shared, root);
            var state = await tracker.SubmitAsync(DemoTopologies.WordCount);
            var tmanager = await tracker.WriteTManagerOfItsOwnAsync(state);
            await tracker.WaitForAsync(ExecutionState, StateIs("has_tmanager_location", JsonValueKind.True), OneSecond);

            // The TManager process dies: its session closes and ZooKeeper removes the ephemeral node.
            await tmanager.DisposeAsync();

            await tracker.WaitForAsync(ExecutionState, StateIs("has_tmanager_location", JsonValueKind.False), OneSecond);
            var (_, info, _) = await tracker.GetAsync("/v2/topologies/info?cluster=local&environ=default&topology=WordCount");
            Assert.Equal(JsonValueKind.Null, info.GetProperty("tmanager_location").GetProperty("host").ValueKind);
        }
        finally
        {
            await ZooKeeperServers.DeleteRootAsync(ZooKeeperServers.Shared, root);
        }
    }

    [Fact]
    public async Task A_missing_topologies_node_is_created_and_watched()
    {
        var root = ZooKeeperServers.UniqueRoot() + "/nested/heron";
        try
        {
            await using var tracker = await HeronTracker.StartZooKeeperAsync(ZooKeeperServers.Shared, root);
            await using (var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectionString = ZooKeeperServers.Shared }))
            {
                Assert.NotNull(await client.ExistsAsync(root + "/topologies"));
            }

            await tracker.SubmitAsync(DemoTopologies.Exclamation);
            await tracker.WaitForAsync("/v2/topologies", t => Lists(t, "ExclamationTopology"), OneSecond);
        }
        finally
        {
            await ZooKeeperServers.DeleteRootAsync(ZooKeeperServers.Shared, root[..root.IndexOf("/nested", StringComparison.Ordinal)]);
        }
    }

    [Fact]
    public async Task A_resubmitted_topology_is_watched_once_and_the_old_watches_are_gone()
    {
        var root = ZooKeeperServers.UniqueRoot();
        try
        {
            await using var tracker = await HeronTracker.StartZooKeeperAsync(ZooKeeperServers.Shared, root);
            await tracker.SubmitAsync(DemoTopologies.WordCount);
            await tracker.WaitForAsync(ExecutionState, StateIs("has_physical_plan", JsonValueKind.True), OneSecond);
            await tracker.Writer.DeleteTopologyAsync("WordCount", CancellationToken.None);
            await tracker.WaitForAsync("/v2/topologies", t => !Lists(t, "WordCount"), OneSecond);
            await tracker.SubmitAsync(DemoTopologies.WordCount, statsPort: 17777);
            await tracker.WaitForAsync(ExecutionState, StateIs("has_physical_plan", JsonValueKind.True), OneSecond);

            var registry = tracker.App.Services.GetRequiredService<TopologyRegistry>();
            // Every applied change builds a snapshot with the next version, so versions count changes.
            var before = registry.Get("local", "WordCount")!.Version;
            await tracker.Writer.DeleteAsync(HeronStateWriter.Schedulers, "WordCount", CancellationToken.None);
            await tracker.WaitForAsync(ExecutionState, StateIs("has_scheduler_location", JsonValueKind.False), OneSecond);
            // A second (leaked) set of watches would report the deletion again, shortly after.
            await tracker.Writer.DeleteAsync(HeronStateWriter.PackingPlans, "WordCount", CancellationToken.None);
            await tracker.WaitForAsync(ExecutionState, StateIs("has_packing_plan", JsonValueKind.False), OneSecond);

            Assert.Equal(before + 2, registry.Get("local", "WordCount")!.Version);

            Assert.Equal(17777, registry.Find("local", "default", "WordCount")!.TManagerLocation!.StatsPort);
        }
        finally
        {
            await ZooKeeperServers.DeleteRootAsync(ZooKeeperServers.Shared, root);
        }
    }

    [Fact]
    public async Task A_partition_longer_than_the_session_timeout_loses_nothing()
    {
        var root = ZooKeeperServers.UniqueRoot();
        await using var relay = new FaultRelay(ZooKeeperServers.Shared);
        try
        {
            // The tracker reaches ZooKeeper through the relay, the writer directly.
            var store = await ZooKeeperHeronStateStore.ConnectAsync(ZooKeeperServers.Shared, root, CancellationToken.None);
            await using var tracker = await HeronTracker.StartAsync(
                Path.Combine(Path.GetTempPath(), "tracker-heron-tests", Guid.NewGuid().ToString("N")), root, store,
                ["--Heron:StateManagers:0:Type", "zookeeper", "--Heron:StateManagers:0:Name", "local", "--Heron:StateManagers:0:HostPort", relay.Address,
                 "--Heron:StateManagers:0:RootPath", root, "--Heron:StateManagers:0:SessionTimeout", "00:00:02"]);
            await tracker.SubmitAsync(DemoTopologies.WordCount, ephemeralLocations: false);
            await tracker.WaitForAsync(ExecutionState, StateIs("has_tmanager_location", JsonValueKind.True), OneSecond);

            relay.Cut();
            await tracker.Writer.DeleteAsync(HeronStateWriter.TManagers, "WordCount", CancellationToken.None);
            await tracker.SubmitAsync(DemoTopologies.Exclamation, ephemeralLocations: false);
            // The partition itself must outlast the 2 s session, so ZooKeeper expires it: this wait is
            // the scenario's duration (nothing observable signals a server-side expiry to a partitioned
            // client), not a synchronisation.
            await Task.Delay(TimeSpan.FromSeconds(5));
            var (_, during, _) = await tracker.GetAsync(ExecutionState);
            Assert.True(during.GetProperty("has_tmanager_location").GetBoolean());
            relay.Accept();

            await tracker.WaitForAsync(ExecutionState, StateIs("has_tmanager_location", JsonValueKind.False), TimeSpan.FromSeconds(20));
            await tracker.WaitForAsync("/v2/topologies", t => Lists(t, "ExclamationTopology"), TimeSpan.FromSeconds(20));

            // And it keeps watching on the new session.
            await tracker.Writer.DeleteTopologyAsync("ExclamationTopology", CancellationToken.None);
            await tracker.WaitForAsync("/v2/topologies", t => !Lists(t, "ExclamationTopology"), OneSecond);
        }
        finally
        {
            await ZooKeeperServers.DeleteRootAsync(ZooKeeperServers.Shared, root);
        }
    }

    [Fact]
    public async Task A_zookeeper_restart_loses_nothing()
    {
        const string name = "heron-state-restart";
        const int port = 22641;
        var address = $"127.0.0.1:{port}";
        await ZooKeeperServers.RemovePrivateAsync(name);
        await ZooKeeperServers.StartPrivateAsync(name, port);
        try
        {
            await using var tracker = await HeronTracker.StartZooKeeperAsync(address, "/heron");
            await tracker.SubmitAsync(DemoTopologies.WordCount, ephemeralLocations: false);
            await tracker.WaitForAsync(ExecutionState, StateIs("has_tmanager_location", JsonValueKind.True), OneSecond);

            await ZooKeeperServers.StopPrivateAsync(name);

            // While ZooKeeper is down the last known state is still served.
            var (status, during, _) = await tracker.GetAsync(ExecutionState);
            Assert.Equal(200, status);
            Assert.True(during.GetProperty("has_physical_plan").GetBoolean());

            await ZooKeeperServers.StartPrivateAsync(name, port);
            await tracker.Writer.DeleteAsync(HeronStateWriter.TManagers, "WordCount", CancellationToken.None);
            await tracker.SubmitAsync(DemoTopologies.Exclamation, ephemeralLocations: false);

            await tracker.WaitForAsync(ExecutionState, StateIs("has_tmanager_location", JsonValueKind.False), TimeSpan.FromSeconds(30));
            await tracker.WaitForAsync("/v2/topologies", t => Lists(t, "ExclamationTopology") && Lists(t, "WordCount"), TimeSpan.FromSeconds(30));
            var state = await tracker.WaitForAsync(ExecutionState, StateIs("has_physical_plan", JsonValueKind.True), OneSecond);
            Assert.Equal(6, state.GetProperty("instances").GetInt32());
        }
        finally
        {
            await ZooKeeperServers.RemovePrivateAsync(name);
        }
    }
}
