namespace Tracker.Heron.State;

/// <summary>
/// Watches one state root (a directory or a znode) and pushes what it finds into the
/// <see cref="Topologies.TopologyRegistry"/>: the set of topology names and, per topology, its five states.
/// </summary>
internal interface IStateManager : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Where it stands now, for readiness: connected to its source, caught up with it.</summary>
    StateManagerStatus Status { get; }

    /// <summary>Starts watching; returns once the first complete read is in the registry (or has failed and will be retried).</summary>
    Task StartAsync(CancellationToken cancellationToken);
}
