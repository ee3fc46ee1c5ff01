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

/// <summary>
/// One directory of the state root a state manager watches per topology, and the state it holds.
/// Six of them feed five states: the TManager location has the pre-0.20.4 directory besides its own.
/// </summary>
/// <param name="Legacy">The pre-0.20.4 <c>tmasters</c> directory, which counts only while <c>tmanagers</c> holds nothing.</param>
public sealed record StateSource(StateKind Kind, string Directory, bool Legacy = false)
{
    public override string ToString() => Directory;
}

/// <summary>Where Heron keeps each state under a state manager's root path (contract §1.2).</summary>
public static class StateLayout
{
    /// <summary>The children of this directory are the known topology names; their data is never read.</summary>
    public const string Topologies = "topologies";

    /// <summary>
    /// Heron ≤ 0.20.3 wrote the TManager location under <c>tmasters</c> (same message layout);
    /// it is read when <c>tmanagers</c> holds nothing for the topology.
    /// </summary>
    public const string LegacyTManagerDirectory = "tmasters";

    public static IReadOnlyList<StateKind> Kinds { get; } =
        [StateKind.PhysicalPlan, StateKind.PackingPlan, StateKind.ExecutionState, StateKind.TManagerLocation, StateKind.SchedulerLocation];

    /// <summary>Every directory watched per topology: one per kind, then the legacy TManager one.</summary>
    public static IReadOnlyList<StateSource> Sources { get; } =
        [.. Kinds.Select(kind => new StateSource(kind, Directory(kind))), new StateSource(StateKind.TManagerLocation, LegacyTManagerDirectory, Legacy: true)];

    public static string Directory(StateKind kind) => kind switch
    {
        StateKind.PhysicalPlan => "pplans",
        StateKind.PackingPlan => "packingplans",
        StateKind.ExecutionState => "executionstate",
        StateKind.TManagerLocation => "tmanagers",
        StateKind.SchedulerLocation => "schedulers",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
