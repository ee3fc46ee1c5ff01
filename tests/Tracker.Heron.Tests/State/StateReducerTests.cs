using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tracker.Heron.Proto;
using Tracker.Heron.State;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Tests.State;

/// <summary>
/// The one place where reported bytes become topology state: the parse, and which of
/// <c>tmanagers</c> and <c>tmasters</c> gives the TManager location (contract §1.2).
/// </summary>
public sealed class StateReducerTests
{
    private const string Manager = "local";
    private static readonly StateSource TManagers = StateLayout.Sources.Single(s => s is { Kind: StateKind.TManagerLocation, Legacy: false });
    private static readonly StateSource TMasters = StateLayout.Sources.Single(s => s.Legacy);
    private static readonly StateSource ExecutionStates = StateLayout.Sources.Single(s => s.Kind == StateKind.ExecutionState);
    private static readonly StateSource PhysicalPlans = StateLayout.Sources.Single(s => s.Kind == StateKind.PhysicalPlan);

    private readonly TopologyRegistry _registry = new(NullLogger<TopologyRegistry>.Instance, Options.Create(new HeronOptions()));
    private readonly StateReducer _reducer;

    public StateReducerTests()
    {
        _registry.AddStateManager(Manager);
        _reducer = new StateReducer(Manager, _registry, NullLogger.Instance, (source, topology) => $"{source.Directory}/{topology}");
        _reducer.SetTopologyNames(["A"]);
    }

    [Fact]
    public void Every_kind_has_one_source_and_the_TManager_location_a_second_legacy_one()
    {
        Assert.Equal(["pplans", "packingplans", "executionstate", "tmanagers", "schedulers", "tmasters"], StateLayout.Sources.Select(s => s.Directory));
        Assert.Equal(StateLayout.Kinds, StateLayout.Sources.Where(s => !s.Legacy).Select(s => s.Kind));
    }

    [Fact]
    public void Only_tmasters_gives_the_location()
    {
        _reducer.Report("A", TManagers, null);
        _reducer.Report("A", TMasters, Location("tmaster-host"));

        Assert.Equal("tmaster-host", Current()?.Host);
    }

    [Fact]
    public void Only_tmanagers_gives_the_location()
    {
        _reducer.Report("A", TManagers, Location("tmanager-host"));
        _reducer.Report("A", TMasters, null);

        Assert.Equal("tmanager-host", Current()?.Host);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void With_both_tmanagers_wins_whichever_is_reported_first(bool tmanagersFirst)
    {
        if (tmanagersFirst)
        {
            _reducer.Report("A", TManagers, Location("tmanager-host"));
            _reducer.Report("A", TMasters, Location("tmaster-host"));
        }
        else
        {
            _reducer.Report("A", TMasters, Location("tmaster-host"));
            _reducer.Report("A", TManagers, Location("tmanager-host"));
        }

        Assert.Equal("tmanager-host", Current()?.Host);

        // A later tmasters write changes nothing while tmanagers has a node.
        _reducer.Report("A", TMasters, Location("tmaster-moved"));
        Assert.Equal("tmanager-host", Current()?.Host);
    }

    [Fact]
    public void Tmanagers_deleted_while_tmasters_stays_falls_back_to_tmasters()
    {
        _reducer.Report("A", TMasters, Location("tmaster-host"));
        _reducer.Report("A", TManagers, Location("tmanager-host"));

        _reducer.Report("A", TManagers, null);

        Assert.Equal("tmaster-host", Current()?.Host);
    }

    [Fact]
    public void Tmasters_deleted_while_tmanagers_stays_changes_nothing()
    {
        _reducer.Report("A", TMasters, Location("tmaster-host"));
        _reducer.Report("A", TManagers, Location("tmanager-host"));
        var before = _registry.Get(Manager, "A")!;

        _reducer.Report("A", TMasters, null);

        Assert.Same(before, _registry.Get(Manager, "A"));
        // And with tmanagers gone too, nothing is left.
        _reducer.Report("A", TManagers, null);
        Assert.Null(Current());
    }

    [Fact]
    public void A_tmanagers_node_that_does_not_parse_keeps_the_location_and_still_outranks_tmasters()
    {
        _reducer.Report("A", TMasters, Location("tmaster-host"));

        _reducer.Report("A", TManagers, [0xFF, 0xFF, 0xFF]);
        Assert.Equal("tmaster-host", Current()?.Host);

        _reducer.Report("A", TMasters, Location("tmaster-moved"));
        Assert.Equal("tmaster-host", Current()?.Host);

        // Once the tmanagers node goes, the newest tmasters location counts.
        _reducer.Report("A", TManagers, null);
        Assert.Equal("tmaster-moved", Current()?.Host);
    }

    [Fact]
    public void Bytes_that_do_not_parse_keep_the_previous_state()
    {
        var state = new ExecutionState { TopologyName = "A", TopologyId = "A-id", Cluster = "c", Environ = "e", Role = "r" };
        _reducer.Report("A", ExecutionStates, state.ToByteArray());

        _reducer.Report("A", ExecutionStates, [0xFF, 0xFF, 0xFF]);
        _reducer.Report("A", PhysicalPlans, [0xFF, 0xFF, 0xFF]);

        var snapshot = _registry.Get(Manager, "A")!;
        Assert.Equal("c", snapshot.Cluster);
        Assert.False(snapshot.HasPhysicalPlan);
    }

    [Fact]
    public void Reports_for_a_topology_no_longer_listed_are_ignored_and_its_legacy_location_forgotten()
    {
        _reducer.Report("A", TMasters, Location("tmaster-host"));
        _reducer.SetTopologyNames([]);

        _reducer.Report("A", TManagers, Location("tmanager-host"));
        Assert.Null(_registry.Get(Manager, "A"));

        // Listed again: it starts from nothing, not from the tmasters location it had before.
        _reducer.SetTopologyNames(["A"]);
        _reducer.Report("A", TManagers, null);
        Assert.Null(Current());
    }

    private TManagerLocation? Current() => _registry.Get(Manager, "A")!.TManagerLocation;

    private static byte[] Location(string host) => new TManagerLocation
    {
        TopologyName = "A", TopologyId = "A-id", Host = host, ControllerPort = 1, ServerPort = 2, StatsPort = 3,
    }.ToByteArray();
}
