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
/// <see cref="Instances"/> (instance id → instance with its <c>stmgr_id</c>). The answers rendered
/// from a snapshot are kept by the payload writers (<c>Apis/Payloads</c>), not here.
/// </para>
/// </summary>
public sealed class TopologySnapshot
{
    private readonly SnapshotBudget<ParsedPlan> _parsedPlans;
    private readonly BudgetSlot<ParsedPlan> _parsedPlan = new();

    internal TopologySnapshot(string stateManager, string name, TopologyStates states, long version, SnapshotBudget<ParsedPlan> parsedPlans)
    {
        StateManager = stateManager;
        Name = name;
        States = states;
        Version = version;
        _parsedPlans = parsedPlans;
    }

    /// <summary>The configured name of the state manager the topology lives in (what <c>/clusters</c> lists).</summary>
    public string StateManager { get; }

    /// <summary>The topology name: its node name under <c>{root}/topologies</c>.</summary>
    public string Name { get; }

    public TopologyStates States { get; }

    /// <summary>Grows with every snapshot the registry builds; tells a newer snapshot from an older one.</summary>
    public long Version { get; }

    public ExecutionState? ExecutionState => States.ExecutionState;

    public TManagerLocation? TManagerLocation => States.TManagerLocation;

    public SchedulerLocation? SchedulerLocation => States.SchedulerLocation;

    public bool HasPhysicalPlan => States.PhysicalPlan is not null;

    public bool HasPackingPlan => States.PackingPlan is not null;

    /// <summary>
    /// The physical plan, parsed. Kept parsed within the registry's budget
    /// (<see cref="HeronOptions.ParsedPlanCacheBytes"/>) and parsed again after it was pushed out,
    /// so a caller should take it once per request rather than hold it.
    /// </summary>
    public PhysicalPlan? PhysicalPlan => Parsed?.Plan;

    /// <summary>The packing plan, parsed on every call: only <c>/packingplan</c>'s rendering needs it, and its answer is kept rendered.</summary>
    public PackingPlan? DecodePackingPlan() => States.PackingPlan?.Decode();

    /// <summary>From the execution state; a topology without one is known but cannot be looked up.</summary>
    public string? Cluster => States.ExecutionState?.Cluster;

    public string? Environ => States.ExecutionState?.Environ;

    public string? Role => States.ExecutionState?.Role;

    /// <summary>The physical plan's topology id, else the packing plan id, else null (as the reference).</summary>
    public string? Id => States.PhysicalPlan?.TopologyId ?? States.PackingPlan?.Id;

    /// <summary>Stream managers of the physical plan by id (<c>stmgr-{container}</c>); empty without a plan.</summary>
    public IReadOnlyDictionary<string, StMgr> StreamManagers => Parsed?.StreamManagers ?? FrozenDictionary<string, StMgr>.Empty;

    /// <summary>Instances of the physical plan by instance id; empty without a plan.</summary>
    public IReadOnlyDictionary<string, Instance> Instances => Parsed?.Instances ?? FrozenDictionary<string, Instance>.Empty;

    private ParsedPlan? Parsed => States.PhysicalPlan is { } encoded
        ? _parsedPlans.Get(_parsedPlan, () => new ParsedPlan(encoded.Decode(), encoded.Length))
        : null;

    public override string ToString() => $"{StateManager}/{Name}@{Version}";

    /// <summary>A parsed physical plan with its indexes.</summary>
    internal sealed class ParsedPlan(PhysicalPlan plan, int encodedLength)
    {
        /// <summary>Parsed, with its indexes, a plan takes about this many times its encoded size (measured: 100 instances, 5.9 KB encoded).</summary>
        public const int SizeFactor = 6;

        public PhysicalPlan Plan { get; } = plan;

        public int EncodedLength { get; } = encodedLength;

        public FrozenDictionary<string, StMgr> StreamManagers { get; } =
            plan.Stmgrs.GroupBy(s => s.Id, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        public FrozenDictionary<string, Instance> Instances { get; } =
            plan.Instances.GroupBy(i => i.InstanceId, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }
}
