using System.Collections.Concurrent;
using System.Collections.Frozen;
using Tracker.Heron.Proto;

namespace Tracker.Heron.Topologies;

/// <summary>
/// One topology as it is right now: its five states, frozen. The registry replaces the whole
/// snapshot on every change, so a request that holds one sees a consistent topology without
/// taking a lock (the reference's partial updates raced, #3820).
/// <para>
/// Consumers outside the state part (TManager metrics, heron-shell proxying) take what they need
/// from here: <see cref="TManagerLocation"/> (host + <c>stats_port</c>) and
/// <see cref="StreamManagers"/> (<c>host_name</c> + <c>shell_port</c> per <c>stmgr-{container}</c>),
/// <see cref="Instances"/> (instance id → instance with its <c>stmgr_id</c>).
/// </para>
/// </summary>
public sealed class TopologySnapshot
{
    private readonly ConcurrentDictionary<System.Type, object> _views = new();

    internal TopologySnapshot(string stateManager, string name, TopologyStates states, long version)
    {
        StateManager = stateManager;
        Name = name;
        States = states;
        Version = version;
    }

    /// <summary>The configured name of the state manager the topology lives in (what <c>/clusters</c> lists).</summary>
    public string StateManager { get; }

    /// <summary>The topology name: its node name under <c>{root}/topologies</c>.</summary>
    public string Name { get; }

    public TopologyStates States { get; }

    /// <summary>Grows with every snapshot the registry builds; tells a newer snapshot from an older one.</summary>
    public long Version { get; }

    public ExecutionState? ExecutionState => States.ExecutionState;

    public PhysicalPlan? PhysicalPlan => States.PhysicalPlan;

    public PackingPlan? PackingPlan => States.PackingPlan;

    public TManagerLocation? TManagerLocation => States.TManagerLocation;

    public SchedulerLocation? SchedulerLocation => States.SchedulerLocation;

    /// <summary>From the execution state; a topology without one is known but cannot be looked up.</summary>
    public string? Cluster => States.ExecutionState?.Cluster;

    public string? Environ => States.ExecutionState?.Environ;

    public string? Role => States.ExecutionState?.Role;

    /// <summary>The physical plan's topology id, else the packing plan id, else null (as the reference).</summary>
    public string? Id => States.PhysicalPlan?.Topology?.Id ?? States.PackingPlan?.Id;

    /// <summary>Stream managers of the physical plan by id (<c>stmgr-{container}</c>); empty without a plan. Built on first use.</summary>
    public IReadOnlyDictionary<string, StMgr> StreamManagers => GetView(static s => new Indexes(s.States.PhysicalPlan)).StreamManagers;

    /// <summary>Instances of the physical plan by instance id; empty without a plan. Built on first use.</summary>
    public IReadOnlyDictionary<string, Instance> Instances => GetView(static s => new Indexes(s.States.PhysicalPlan)).Instances;

    /// <summary>
    /// A value derived from this snapshot, built once on first use and kept as long as the
    /// snapshot lives (pre-rendered responses, indexes). <paramref name="build"/> must be pure:
    /// two racing callers may both run it and one result wins.
    /// </summary>
    public T GetView<T>(Func<TopologySnapshot, T> build)
        where T : class
        => (T)_views.GetOrAdd(typeof(T), static (_, arg) => arg.build(arg.snapshot), (build, snapshot: this));

    public override string ToString() => $"{StateManager}/{Name}@{Version}";

    // Most snapshots are replaced before anyone asks for them (a topology's states arrive one by
    // one), so the indexes are built only when first needed.
    private sealed class Indexes(PhysicalPlan? plan)
    {
        public FrozenDictionary<string, StMgr> StreamManagers { get; } =
            plan?.Stmgrs.GroupBy(s => s.Id, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal)
            ?? FrozenDictionary<string, StMgr>.Empty;

        public FrozenDictionary<string, Instance> Instances { get; } =
            plan?.Instances.GroupBy(i => i.InstanceId, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal)
            ?? FrozenDictionary<string, Instance>.Empty;
    }
}
