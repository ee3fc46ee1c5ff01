using Tracker.Heron.Proto;

namespace Tracker.Heron.Topologies;

/// <summary>
/// The five states of one topology as last read from its state manager; <c>null</c> = absent.
/// The plans, the bulk of what the tracker holds, stay encoded (<see cref="EncodedPlan"/>); the
/// small states are kept parsed, since every listing and lookup reads them.
/// </summary>
public sealed record TopologyStates(
    EncodedPhysicalPlan? PhysicalPlan,
    EncodedPackingPlan? PackingPlan,
    ExecutionState? ExecutionState,
    TManagerLocation? TManagerLocation,
    SchedulerLocation? SchedulerLocation)
{
    public static TopologyStates None { get; } = new(null, null, null, null, null);
}
