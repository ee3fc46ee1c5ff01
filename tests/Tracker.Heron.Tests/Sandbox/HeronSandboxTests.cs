using System.Text.Json;
using Tracker.Hosting;
using Tracker.Sandbox.Heron;
using Tracker.Sandbox.Heron.State;
using Tracker.ZooKeeper;
using Tracker.Heron.Tests.State;

namespace Tracker.Heron.Tests.Sandbox;

/// <summary>The Heron sandbox writes the demo topologies with their emulators' ports, into file or ZooKeeper state.</summary>
public sealed class HeronSandboxTests
{
    private sealed class Stopped : IAsyncDisposable
    {
        public int Count;

        public ValueTask DisposeAsync()
        {
            Interlocked.Increment(ref Count);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Emulator_ports_are_published_as_the_real_processes_publish_them()
    {
        var root = Path.Combine(Path.GetTempPath(), "tracker-heron-tests", Guid.NewGuid().ToString("N"));
        var stopped = new Stopped();
        var emulators = new HeronSandboxEmulators(
            (topology, _) => Task.FromResult<RunningEmulator?>(new RunningEmulator(topology.Name == "WordCount" ? 19001 : 19002, stopped)),
            (topology, container, directory, _) =>
            {
                Assert.True(Directory.Exists(directory));
                return Task.FromResult<RunningEmulator?>(new RunningEmulator(20000 + container, stopped));
            });
        try
        {
            var sandbox = await HeronSandbox.StartAsync(DemoTopologies.All, [new FileHeronStateStore(Path.Combine(root, "state"))], emulators,
                Path.Combine(root, "containers"), TimeProvider.System, CancellationToken.None);
            await using (var tracker = await HeronTracker.StartAsync(root, Path.Combine(root, "state"), new FileHeronStateStore(Path.Combine(root, "state")),
                ["--Heron:StateManagers:0:Type", "file", "--Heron:StateManagers:0:Name", "local", "--Heron:StateManagers:0:RootPath", Path.Combine(root, "state")]))
            {
                var (_, info, _) = await tracker.GetAsync("/v2/topologies/info?cluster=local&environ=default&topology=ExclamationTopology");
                Assert.Equal(19002, info.GetProperty("tmanager_location").GetProperty("stats_port").GetInt32());
                Assert.Equal("127.0.0.1", info.GetProperty("tmanager_location").GetProperty("host").GetString());
                var stmgr = info.GetProperty("physical_plan").GetProperty("stmgrs").GetProperty("stmgr-2");
                Assert.Equal(20002, stmgr.GetProperty("shell_port").GetInt32());
                Assert.EndsWith(Path.Combine("containers", "ExclamationTopology", "2"), stmgr.GetProperty("cwd").GetString());
            }

            await sandbox.DisposeAsync();
            // One TManager per topology and one shell per container, all stopped.
            Assert.Equal(2 + DemoTopologies.WordCount.Containers + DemoTopologies.Exclamation.Containers, stopped.Count);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Sandbox_mode_serves_the_demo_topologies_in_both_styles()
    {
        var directory = Path.Combine(Path.GetTempPath(), "tracker-heron-tests", Guid.NewGuid().ToString("N"));
        await using var app = await TrackerHost.StartAsync(
            ["--urls", "http://127.0.0.1:0", "--Tracker:DataDirectory", directory, "--Logging:LogLevel:Default", "Warning", "--sandbox", "--Sandbox:Port", "0"]);
        using var http = new HttpClient { BaseAddress = app.Url };
        try
        {
            using var clusters = JsonDocument.Parse(await http.GetStringAsync("/clusters"));
            using var logical = JsonDocument.Parse(await http.GetStringAsync("/topologies/logicalplan?cluster=local&environ=default&topology=WordCount"));
            using var physical = JsonDocument.Parse(await http.GetStringAsync("/v2/topologies/physicalplan?cluster=local&environ=default&topology=WordCount"));

            Assert.Equal("local", clusters.RootElement.GetProperty("result")[0].GetString());
            Assert.Equal("success", logical.RootElement.GetProperty("status").GetString());
            Assert.Equal(["count"], logical.RootElement.GetProperty("result").GetProperty("bolts").EnumerateObject().Select(p => p.Name));
            Assert.Equal(3, physical.RootElement.GetProperty("stmgrs").EnumerateObject().Count());
            Assert.True(File.Exists(Path.Combine(directory, "sandbox", "heron", "state", "pplans", "WordCount")));
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Sandbox_mode_writes_into_a_configured_zookeeper_state_manager()
    {
        var root = ZooKeeperServers.UniqueRoot();
        var directory = Path.Combine(Path.GetTempPath(), "tracker-heron-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var app = await TrackerHost.StartAsync(
                ["--urls", "http://127.0.0.1:0", "--Tracker:DataDirectory", directory, "--Logging:LogLevel:Default", "Warning", "--sandbox", "--Sandbox:Port", "0",
                 "--Heron:StateManagers:0:Type", "zookeeper", "--Heron:StateManagers:0:Name", "zk", "--Heron:StateManagers:0:HostPort", ZooKeeperServers.Shared,
                 "--Heron:StateManagers:0:RootPath", root]))
            {
                using var http = new HttpClient { BaseAddress = app.Url };
                using var topologies = JsonDocument.Parse(await http.GetStringAsync("/v2/topologies"));
                Assert.Equal(["ExclamationTopology", "WordCount"],
                    topologies.RootElement.GetProperty("local").GetProperty("alice").GetProperty("default").EnumerateArray().Select(n => n.GetString()));
                using var clusters = JsonDocument.Parse(await http.GetStringAsync("/v2/clusters"));
                Assert.Equal(["zk"], clusters.RootElement.EnumerateArray().Select(c => c.GetString()));
            }

            await using var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectionString = ZooKeeperServers.Shared });
            Assert.NotNull(await client.ExistsAsync(root + "/pplans/WordCount"));
            // The sandbox's TManager locations were ephemeral: gone with the sandbox.
            Assert.Null(await client.ExistsAsync(root + "/tmanagers/WordCount"));
        }
        finally
        {
            await ZooKeeperServers.DeleteRootAsync(ZooKeeperServers.Shared, root);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
