using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tracker.Heron.Proto;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Tests.Topologies;

public sealed class TopologyRegistryTests
{
    private readonly TopologyRegistry _registry = new(NullLogger<TopologyRegistry>.Instance, Options.Create(new HeronOptions()));

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

        _registry.SetExecutionState("local", "WordCount", State("WordCount"));

        Assert.Equal("WordCount", _registry.Find("local", "default", "WordCount")?.Name);
        Assert.Single(_registry.Filter([], []));
    }

    [Fact]
    public void Role_filters_lookups_and_listings()
    {
        _registry.AddStateManager("local");
        _registry.SetTopologyNames("local", ["A", "B"]);
        _registry.SetExecutionState("local", "A", State("A", role: "alice"));
        _registry.SetExecutionState("local", "B", State("B", role: ""));

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
        _registry.SetExecutionState("local", "A", State("A"));
        var before = _registry.Find("local", "default", "A")!;

        var location = new TManagerLocation { TopologyName = "A", TopologyId = "A-id", Host = "h", ControllerPort = 1, ServerPort = 2, StatsPort = 3 };
        Assert.True(_registry.SetTManagerLocation("local", "A", location));
        var after = _registry.Find("local", "default", "A")!;

        Assert.Null(before.TManagerLocation);
        Assert.Equal(3, after.TManagerLocation?.StatsPort);
        Assert.True(after.Version > before.Version);
        Assert.False(_registry.SetTManagerLocation("local", "A", location.Clone()));
    }

    [Fact]
    public void Removed_topologies_ignore_late_state_events()
    {
        _registry.AddStateManager("local");
        _registry.SetTopologyNames("local", ["A"]);
        _registry.SetTopologyNames("local", []);

        Assert.False(_registry.SetExecutionState("local", "A", State("A")));
        Assert.Empty(_registry.Topologies);
    }

    [Fact]
    public void State_managers_are_listed_in_configuration_order_and_keep_their_topologies_apart()
    {
        _registry.AddStateManager("zk");
        _registry.AddStateManager("local");
        _registry.SetTopologyNames("local", ["A"]);
        _registry.SetTopologyNames("zk", ["A"]);
        _registry.SetExecutionState("local", "A", State("A"));
        _registry.SetExecutionState("zk", "A", State("A"));

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
        _registry.SetPhysicalPlan("local", "A", EncodedPhysicalPlan.Parse(plan.ToByteArray()));

        var snapshot = _registry.Get("local", "A")!;
        Assert.Equal(7, snapshot.StreamManagers["stmgr-1"].ShellPort);
        Assert.Equal("stmgr-1", snapshot.Instances["container_1_w_1"].StmgrId);
        Assert.Equal("A-id", snapshot.Id);
    }

    [Fact]
    public void A_rewrite_of_the_same_plan_bytes_changes_nothing()
    {
        _registry.AddStateManager("local");
        _registry.SetTopologyNames("local", ["A"]);
        var bytes = Plan("A", instances: 3).ToByteArray();
        Assert.True(_registry.SetPhysicalPlan("local", "A", EncodedPhysicalPlan.Parse(bytes)));
        var before = _registry.Get("local", "A")!;

        Assert.False(_registry.SetPhysicalPlan("local", "A", EncodedPhysicalPlan.Parse((byte[])bytes.Clone())));
        Assert.Same(before, _registry.Get("local", "A"));

        Assert.True(_registry.SetPhysicalPlan("local", "A", EncodedPhysicalPlan.Parse(Plan("A", instances: 4).ToByteArray())));
        Assert.Equal(4, _registry.Get("local", "A")!.Instances.Count);
    }

    [Fact]
    public void Parsed_plans_are_kept_within_the_budget_and_a_cold_one_is_parsed_again()
    {
        var plan = Plan("A", instances: 5);
        var weight = plan.CalculateSize() * TopologySnapshot.ParsedPlan.SizeFactor;
        // Room for one parsed plan: parsing B's pushes A's out.
        var registry = new TopologyRegistry(NullLogger<TopologyRegistry>.Instance, Options.Create(new HeronOptions { ParsedPlanCacheBytes = weight + 1 }));
        registry.AddStateManager("local");
        registry.SetTopologyNames("local", ["A", "B"]);
        registry.SetPhysicalPlan("local", "A", EncodedPhysicalPlan.From(plan));
        registry.SetPhysicalPlan("local", "B", EncodedPhysicalPlan.From(Plan("B", instances: 5)));
        var (a, b) = (registry.Get("local", "A")!, registry.Get("local", "B")!);

        var parsed = a.PhysicalPlan;
        Assert.Same(parsed, a.PhysicalPlan);
        Assert.Same(parsed!.Instances[0], a.Instances["container_1_w_1"]);

        // Over the budget: A, used since it was parsed, gets a second round, and B goes.
        var parsedB = b.PhysicalPlan;
        Assert.Same(parsed, a.PhysicalPlan);
        Assert.NotSame(parsedB, b.PhysicalPlan);
        Assert.Equal(parsedB, b.PhysicalPlan);
    }

    [Fact]
    public void With_a_parsed_plan_budget_of_zero_every_use_parses()
    {
        var registry = new TopologyRegistry(NullLogger<TopologyRegistry>.Instance, Options.Create(new HeronOptions { ParsedPlanCacheBytes = 0 }));
        registry.AddStateManager("local");
        registry.SetTopologyNames("local", ["A"]);
        registry.SetPhysicalPlan("local", "A", EncodedPhysicalPlan.From(Plan("A", instances: 2)));
        var a = registry.Get("local", "A")!;

        Assert.NotSame(a.PhysicalPlan, a.PhysicalPlan);
        Assert.Equal(2, a.Instances.Count);
    }

    private static PhysicalPlan Plan(string name, int instances) => new()
    {
        Topology = new Topology { Id = name + "-id", Name = name, State = TopologyState.Running },
        Stmgrs = { new StMgr { Id = "stmgr-1", HostName = "h", DataPort = 1, LocalEndpoint = "e", ShellPort = 7 } },
        Instances =
        {
            Enumerable.Range(1, instances).Select(i => new Instance
            {
                InstanceId = $"container_1_w_{i}", StmgrId = "stmgr-1", Info = new InstanceInfo { TaskId = i, ComponentIndex = i - 1, ComponentName = "w" },
            }),
        },
    };
}
