using Google.Protobuf;

namespace Tracker.Sandbox.Heron.State;

/// <summary>
/// Writes and removes a topology's state the way Heron does: the submitter writes the topology,
/// packing plan and execution state; the scheduler its location; the TManager its (ephemeral)
/// location and the physical plan. Usable by tests to play any of those parts.
/// </summary>
public sealed class HeronStateWriter(IHeronStateStore store)
{
    public const string Topologies = "topologies";
    public const string PhysicalPlans = "pplans";
    public const string PackingPlans = "packingplans";
    public const string ExecutionStates = "executionstate";
    public const string TManagers = "tmanagers";
    public const string Schedulers = "schedulers";

    private static readonly string[] AllDirectories = [PhysicalPlans, PackingPlans, ExecutionStates, TManagers, Schedulers, Topologies];

    public IHeronStateStore Store { get; } = store;

    /// <summary>
    /// Everything a submitted, running topology has, in the order Heron writes it. The TManager and
    /// scheduler locations are ephemeral unless <paramref name="ephemeralLocations"/> is false (for
    /// tests that must outlive the writer's session).
    /// </summary>
    public async Task WriteTopologyAsync(DemoState state, CancellationToken cancellationToken, bool ephemeralLocations = true)
    {
        var name = state.Topology.Name;
        await WriteAsync(Topologies, name, state.Topology, cancellationToken);
        await WriteAsync(PackingPlans, name, state.PackingPlan, cancellationToken);
        await WriteAsync(ExecutionStates, name, state.ExecutionState, cancellationToken);
        await WriteAsync(Schedulers, name, state.SchedulerLocation, cancellationToken, ephemeralLocations);
        await WriteAsync(TManagers, name, state.TManagerLocation, cancellationToken, ephemeralLocations);
        await WriteAsync(PhysicalPlans, name, state.PhysicalPlan, cancellationToken);
    }

    public Task WriteAsync(string directory, string topology, IMessage message, CancellationToken cancellationToken, bool ephemeral = false)
        => Store.WriteAsync(directory, topology, message.ToByteArray(), ephemeral, cancellationToken);

    public Task DeleteAsync(string directory, string topology, CancellationToken cancellationToken)
        => Store.DeleteAsync(directory, topology, cancellationToken);

    /// <summary>What <c>heron kill</c> leaves behind: nothing of the topology.</summary>
    public async Task DeleteTopologyAsync(string topology, CancellationToken cancellationToken)
    {
        foreach (var directory in AllDirectories)
        {
            await Store.DeleteAsync(directory, topology, cancellationToken);
        }
    }
}
