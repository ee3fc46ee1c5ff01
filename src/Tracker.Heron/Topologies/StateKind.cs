namespace Tracker.Heron.Topologies;

/// <summary>The five per-topology states the tracker watches, each stored under its own directory of the state root.</summary>
public enum StateKind
{
    PhysicalPlan,
    PackingPlan,
    ExecutionState,
    TManagerLocation,
    SchedulerLocation,
}

/// <summary>Where Heron keeps each state under a state manager's root path (contract §1.2).</summary>
public static class StateLayout
{
    /// <summary>The children of this directory are the known topology names; their data is never read.</summary>
    public const string Topologies = "topologies";

    public static IReadOnlyList<StateKind> Kinds { get; } =
        [StateKind.PhysicalPlan, StateKind.PackingPlan, StateKind.ExecutionState, StateKind.TManagerLocation, StateKind.SchedulerLocation];

    public static string Directory(StateKind kind) => kind switch
    {
        StateKind.PhysicalPlan => "pplans",
        StateKind.PackingPlan => "packingplans",
        StateKind.ExecutionState => "executionstate",
        StateKind.TManagerLocation => "tmanagers",
        StateKind.SchedulerLocation => "schedulers",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// Heron ≤ 0.20.3 wrote the TManager location under <c>tmasters</c> (same message layout);
    /// it is read when <c>tmanagers</c> holds nothing for the topology.
    /// </summary>
    public const string LegacyTManagerDirectory = "tmasters";
}
