using Google.Protobuf;
using Tracker.Heron.Proto;

namespace Tracker.Heron.Topologies;

/// <summary>The five states of one topology as last read from its state manager; <c>null</c> = absent.</summary>
public sealed record TopologyStates(
    PhysicalPlan? PhysicalPlan,
    PackingPlan? PackingPlan,
    ExecutionState? ExecutionState,
    TManagerLocation? TManagerLocation,
    SchedulerLocation? SchedulerLocation)
{
    public static TopologyStates None { get; } = new(null, null, null, null, null);

    public IMessage? Get(StateKind kind) => kind switch
    {
        StateKind.PhysicalPlan => PhysicalPlan,
        StateKind.PackingPlan => PackingPlan,
        StateKind.ExecutionState => ExecutionState,
        StateKind.TManagerLocation => TManagerLocation,
        StateKind.SchedulerLocation => SchedulerLocation,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A copy with one state replaced; the message must be of the kind's type (or null).</summary>
    public TopologyStates With(StateKind kind, IMessage? message) => kind switch
    {
        StateKind.PhysicalPlan => this with { PhysicalPlan = (PhysicalPlan?)message },
        StateKind.PackingPlan => this with { PackingPlan = (PackingPlan?)message },
        StateKind.ExecutionState => this with { ExecutionState = (ExecutionState?)message },
        StateKind.TManagerLocation => this with { TManagerLocation = (TManagerLocation?)message },
        StateKind.SchedulerLocation => this with { SchedulerLocation = (SchedulerLocation?)message },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// Parses a state's bytes as stored by Heron: a plain serialized message, no framing. The plans
    /// come back with their repeated values shared (<see cref="StateCompaction"/>): they are the bulk
    /// of what the tracker holds.
    /// </summary>
    public static IMessage Parse(StateKind kind, ReadOnlySpan<byte> bytes) => kind switch
    {
        StateKind.PhysicalPlan => StateCompaction.Compact(PhysicalPlan.Parser.ParseFrom(bytes)),
        StateKind.PackingPlan => StateCompaction.Compact(PackingPlan.Parser.ParseFrom(bytes)),
        StateKind.ExecutionState => ExecutionState.Parser.ParseFrom(bytes),
        StateKind.TManagerLocation => TManagerLocation.Parser.ParseFrom(bytes),
        StateKind.SchedulerLocation => SchedulerLocation.Parser.ParseFrom(bytes),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
