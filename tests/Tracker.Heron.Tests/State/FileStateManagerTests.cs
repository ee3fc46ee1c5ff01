using System.Text.Json;
using Tracker.Heron.State;
using Tracker.Sandbox.Heron;
using Tracker.Sandbox.Heron.State;

namespace Tracker.Heron.Tests.State;

/// <summary>The file state manager against files written as Heron writes them, observed through the API.</summary>
public sealed class FileStateManagerTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    internal static bool Lists(JsonElement topologies, string name)
        => topologies.TryGetProperty("local", out var cluster)
            && cluster.TryGetProperty("alice", out var role)
            && role.TryGetProperty("default", out var environ)
            && environ.EnumerateArray().Any(n => n.GetString() == name);

    internal static Func<JsonElement, bool> StateIs(string key, JsonValueKind kind)
        => state => state.ValueKind == JsonValueKind.Object && state.TryGetProperty(key, out var value) && value.ValueKind == kind;

    [Fact]
    public async Task A_topology_appears_and_disappears_within_a_second()
    {
        await using var tracker = await HeronTracker.StartFileAsync();

        await tracker.SubmitAsync(DemoTopologies.WordCount);
        await tracker.WaitForAsync("/v2/topologies", t => Lists(t, "WordCount"), OneSecond);

        await tracker.Writer.DeleteTopologyAsync("WordCount", CancellationToken.None);
        await tracker.WaitForAsync("/v2/topologies", t => !Lists(t, "WordCount"), OneSecond);
        Assert.Equal(404, (await tracker.GetAsync("/v2/topologies/info?cluster=local&environ=default&topology=WordCount")).Status);
    }

    [Fact]
    public async Task The_tmanager_location_going_away_flips_has_tmanager_location()
    {
        await using var tracker = await HeronTracker.StartFileAsync();
        await tracker.SubmitAsync(DemoTopologies.WordCount);
        const string path = "/v2/topologies/executionstate?cluster=local&environ=default&topology=WordCount";
        await tracker.WaitForAsync(path, StateIs("has_tmanager_location", JsonValueKind.True), OneSecond);

        await tracker.Writer.DeleteAsync(HeronStateWriter.TManagers, "WordCount", CancellationToken.None);
        await tracker.WaitForAsync(path, StateIs("has_tmanager_location", JsonValueKind.False), OneSecond);
        var (_, info, _) = await tracker.GetAsync("/v2/topologies/info?cluster=local&environ=default&topology=WordCount");
        Assert.Equal(JsonValueKind.Null, info.GetProperty("tmanager_location").GetProperty("stats_port").ValueKind);

        var location = new Tracker.Heron.Proto.TManagerLocation { TopologyName = "WordCount", TopologyId = "id", Host = "10.0.0.9", ControllerPort = 1, ServerPort = 2, StatsPort = 4242 };
        await tracker.Writer.WriteAsync(HeronStateWriter.TManagers, "WordCount", location, CancellationToken.None);
        await tracker.WaitForAsync("/v2/topologies/info?cluster=local&environ=default&topology=WordCount",
            i => i.GetProperty("tmanager_location").GetProperty("stats_port").ValueKind == JsonValueKind.Number
                 && i.GetProperty("tmanager_location").GetProperty("stats_port").GetInt32() == 4242, OneSecond);
    }

    [Fact]
    public async Task A_deleted_physical_plan_is_absent_not_empty()
    {
        await using var tracker = await HeronTracker.StartFileAsync();
        await tracker.SubmitAsync(DemoTopologies.WordCount);
        const string path = "/v2/topologies/executionstate?cluster=local&environ=default&topology=WordCount";
        await tracker.WaitForAsync(path, StateIs("has_physical_plan", JsonValueKind.True), OneSecond);

        await tracker.Writer.DeleteAsync(HeronStateWriter.PhysicalPlans, "WordCount", CancellationToken.None);

        var state = await tracker.WaitForAsync(path, StateIs("has_physical_plan", JsonValueKind.False), OneSecond);
        Assert.Equal("Unknown", state.GetProperty("status").GetString());
        Assert.Equal(0, state.GetProperty("instances").GetInt32());
        var (_, plan, _) = await tracker.GetAsync("/v2/topologies/physicalplan?cluster=local&environ=default&topology=WordCount");
        Assert.Empty(plan.GetProperty("instances").EnumerateObject());
        var (_, logical, _) = await tracker.GetAsync("/v2/topologies/logicalplan?cluster=local&environ=default&topology=WordCount");
        Assert.Equal(0, logical.GetProperty("stages").GetInt32());
    }

    [Fact]
    public async Task A_topology_without_execution_state_is_listed_nowhere_and_breaks_nothing()
    {
        await using var tracker = await HeronTracker.StartFileAsync();
        await tracker.SubmitAsync(DemoTopologies.Exclamation);
        var state = DemoState.Build(DemoTopologies.WordCount, DemoEndpoints.None, DateTimeOffset.UnixEpoch);
        await tracker.Writer.WriteAsync(HeronStateWriter.Topologies, "WordCount", state.Topology, CancellationToken.None);
        await tracker.Writer.WriteAsync(HeronStateWriter.PhysicalPlans, "WordCount", state.PhysicalPlan, CancellationToken.None);
        await tracker.WaitForAsync("/v2/topologies", t => Lists(t, "ExclamationTopology"), OneSecond);

        var (status, topologies, _) = await tracker.GetAsync("/topologies");
        Assert.Equal(200, status);
        Assert.False(Lists(topologies.GetProperty("result"), "WordCount"));
        Assert.Equal(200, (await tracker.GetAsync("/topologies/states")).Status);
        Assert.Equal(200, (await tracker.GetAsync("/machines")).Status);

        await tracker.Writer.WriteAsync(HeronStateWriter.ExecutionStates, "WordCount", state.ExecutionState, CancellationToken.None);
        await tracker.WaitForAsync("/v2/topologies", t => Lists(t, "WordCount"), OneSecond);
    }

    [Fact]
    public async Task A_corrupt_state_file_keeps_the_last_good_state()
    {
        await using var tracker = await HeronTracker.StartFileAsync();
        await tracker.SubmitAsync(DemoTopologies.WordCount);
        const string path = "/v2/topologies/executionstate?cluster=local&environ=default&topology=WordCount";
        await tracker.WaitForAsync(path, StateIs("has_physical_plan", JsonValueKind.True), OneSecond);

        await tracker.Writer.Store.WriteAsync(HeronStateWriter.PhysicalPlans, "WordCount", [0xFF, 0xFF, 0xFF], false, CancellationToken.None);
        await tracker.Writer.DeleteAsync(HeronStateWriter.Schedulers, "WordCount", CancellationToken.None);
        // The scheduler change is seen after the corrupt file was read: the plan must still be there.
        var state = await tracker.WaitForAsync(path, StateIs("has_scheduler_location", JsonValueKind.False), OneSecond);

        Assert.True(state.GetProperty("has_physical_plan").GetBoolean());
        Assert.Equal(6, state.GetProperty("instances").GetInt32());
    }

    [Fact]
    public async Task Topologies_already_written_are_served_as_soon_as_the_host_starts()
    {
        var root = Path.Combine(Path.GetTempPath(), "tracker-heron-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var writer = new HeronStateWriter(new FileHeronStateStore(root));
            await writer.WriteTopologyAsync(DemoState.Build(DemoTopologies.WordCount, DemoEndpoints.None, DateTimeOffset.UnixEpoch), CancellationToken.None);

            await using var tracker = await HeronTracker.StartAsync(root, root, writer.Store,
                ["--Heron:StateManagers:0:Type", "file", "--Heron:StateManagers:0:Name", "local", "--Heron:StateManagers:0:RootPath", root]);
            var (_, topologies, _) = await tracker.GetAsync("/v2/topologies");

            Assert.True(Lists(topologies, "WordCount"));
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
    public void Root_paths_expand_the_home_directory()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        Assert.Equal(Path.Combine(home, ".herondata", "state"), StateRoot.ExpandHome("~/.herondata/state"));
        Assert.Equal(home, StateRoot.ExpandHome("~"));
        Assert.Equal("/srv/heron", StateRoot.ExpandHome("/srv/heron"));
    }
}
