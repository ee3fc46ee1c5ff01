using Microsoft.Extensions.Logging.Abstractions;
using Tracker.Heron.Proto;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Tests.Topologies;

public sealed class TopologyRegistryTests
{
    private readonly TopologyRegistry _registry = new(NullLogger<TopologyRegistry>.Instance);

    private static ExecutionState State(string name, string cluster = "local", string environ = "default", string role = "alice")
        => new() { TopologyName = name, TopologyId = name + "-id", Cluster = cluster, Environ = environ, Role = role };

    [Fact]
    public void A_topology_without_execution_state_is_known_but_not_found()
    {
        _registry.AddStateManager("local");
        _registry.SetTopologyNames("local", ["WordCount"]);

        Assert.NotNull(_registry.Get("local", "WordCount"));
        Assert.Null(_registry.Find("local", "default", "WordCount"));
        Assert.Empty(_registry.Filter([], []));

        _registry.SetState("local", "WordCount", StateKind.ExecutionState, State("WordCount"));

        Assert.Equal("WordCount", _registry.Find("local", "default", "WordCount")?.Name);
        Assert.Single(_registry.Filter([], []));
    }

    [Fact]
    public void Role_filters_lookups_and_listings()
    {
        _registry.AddStateManager("local");
        _registry.SetTopologyNames("local", ["A", "B"]);
        _registry.SetState("local", "A", StateKind.ExecutionState, State("A", role: "alice"));
        _registry.SetState("local", "B", StateKind.ExecutionState, State("B", role: ""));

        Assert.NotNull(_registry.Find("local", "default", "A", "alice"));
        Assert.Null(_registry.Find("local", "default", "A", "bob"));
        Assert.Equal(["B"], _registry.Filter([], [], "").Select(s => s.Name));
        Assert.Equal(["A", "B"], _registry.Filter(["local"], ["default"]).Select(s => s.Name));
        Assert.Empty(_registry.Filter(["other"], []));
    }

    [Fact]
    public void Every_change_publishes_a_new_snapshot_and_old_ones_stay_unchanged()
    {
        _registry.AddStateManager("local");
        _registry.SetTopologyNames("local", ["A"]);
        _registry.SetState("local", "A", StateKind.ExecutionState, State("A"));
        var before = _registry.Find("local", "default", "A")!;

        var location = new TManagerLocation { TopologyName = "A", TopologyId = "A-id", Host = "h", ControllerPort = 1, ServerPort = 2, StatsPort = 3 };
        Assert.True(_registry.SetState("local", "A", StateKind.TManagerLocation, location));
        var after = _registry.Find("local", "default", "A")!;

        Assert.Null(before.TManagerLocation);
        Assert.Equal(3, after.TManagerLocation?.StatsPort);
        Assert.True(after.Version > before.Version);
        Assert.False(_registry.SetState("local", "A", StateKind.TManagerLocation, location.Clone()));
    }

    [Fact]
    public void Removed_topologies_ignore_late_state_events()
    {
        _registry.AddStateManager("local");
        _registry.SetTopologyNames("local", ["A"]);
        _registry.SetTopologyNames("local", []);

        Assert.False(_registry.SetState("local", "A", StateKind.ExecutionState, State("A")));
        Assert.Empty(_registry.Topologies);
    }

    [Fact]
    public void State_managers_are_listed_in_configuration_order_and_keep_their_topologies_apart()
    {
        _registry.AddStateManager("zk");
        _registry.AddStateManager("local");
        _registry.SetTopologyNames("local", ["A"]);
        _registry.SetTopologyNames("zk", ["A"]);
        _registry.SetState("local", "A", StateKind.ExecutionState, State("A"));
        _registry.SetState("zk", "A", StateKind.ExecutionState, State("A"));

        Assert.Equal(["zk", "local"], _registry.StateManagers);
        Assert.Equal(["zk", "local"], _registry.Topologies.Select(t => t.StateManager));
        Assert.Equal("zk", _registry.Find("local", "default", "A")?.StateManager);

        _registry.SetTopologyNames("zk", []);
        Assert.Equal("local", _registry.Find("local", "default", "A")?.StateManager);
    }

    [Fact]
    public void Snapshot_indexes_stream_managers_and_instances()
    {
        _registry.AddStateManager("local");
        _registry.SetTopologyNames("local", ["A"]);
        var plan = new PhysicalPlan
        {
            Topology = new Topology { Id = "A-id", Name = "A", State = TopologyState.Running },
            Stmgrs = { new StMgr { Id = "stmgr-1", HostName = "h", DataPort = 1, LocalEndpoint = "e", ShellPort = 7 } },
            Instances = { new Instance { InstanceId = "container_1_w_1", StmgrId = "stmgr-1", Info = new InstanceInfo { TaskId = 1, ComponentIndex = 0, ComponentName = "w" } } },
        };
        _registry.SetState("local", "A", StateKind.PhysicalPlan, plan);

        var snapshot = _registry.Get("local", "A")!;
        Assert.Equal(7, snapshot.StreamManagers["stmgr-1"].ShellPort);
        Assert.Equal("stmgr-1", snapshot.Instances["container_1_w_1"].StmgrId);
        Assert.Equal("A-id", snapshot.Id);
        Assert.Same(snapshot.GetView(s => new object[] { s.Name }), snapshot.GetView<object[]>(_ => throw new InvalidOperationException()));
    }
}
