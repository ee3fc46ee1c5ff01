using Google.Protobuf;
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

    /// <summary>The state of one kind, in the form <see cref="Parse"/> returns; null when absent.</summary>
    public object? Get(StateKind kind) => kind switch
    {
        StateKind.PhysicalPlan => PhysicalPlan,
        StateKind.PackingPlan => PackingPlan,
        StateKind.ExecutionState => ExecutionState,
        StateKind.TManagerLocation => TManagerLocation,
        StateKind.SchedulerLocation => SchedulerLocation,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A copy with one state replaced by a value of the form <see cref="Parse"/> returns for the kind (or null).</summary>
    public TopologyStates With(StateKind kind, object? state) => kind switch
    {
        StateKind.PhysicalPlan => this with { PhysicalPlan = (EncodedPhysicalPlan?)state },
        StateKind.PackingPlan => this with { PackingPlan = (EncodedPackingPlan?)state },
        StateKind.ExecutionState => this with { ExecutionState = (ExecutionState?)state },
        StateKind.TManagerLocation => this with { TManagerLocation = (TManagerLocation?)state },
        StateKind.SchedulerLocation => this with { SchedulerLocation = (SchedulerLocation?)state },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// Reads a state's bytes as stored by Heron (a plain serialized message, no framing): an
    /// <see cref="EncodedPhysicalPlan"/> or <see cref="EncodedPackingPlan"/> for the plans, which keep
    /// the array (the caller hands it over), the parsed message for the others.
    /// </summary>
    /// <exception cref="InvalidProtocolBufferException">The bytes are not a message of the kind.</exception>
    public static object Parse(StateKind kind, byte[] bytes) => kind switch
    {
        StateKind.PhysicalPlan => EncodedPhysicalPlan.Parse(bytes),
        StateKind.PackingPlan => EncodedPackingPlan.Parse(bytes),
        StateKind.ExecutionState => ExecutionState.Parser.ParseFrom(bytes),
        StateKind.TManagerLocation => TManagerLocation.Parser.ParseFrom(bytes),
        StateKind.SchedulerLocation => SchedulerLocation.Parser.ParseFrom(bytes),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
