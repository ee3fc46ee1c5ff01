namespace Tracker.Sandbox.Heron.State;

/// <summary>
/// A Heron state root as Heron's own processes write it: a local directory or a ZooKeeper znode
/// tree. Paths are <c>{directory}/{topology}</c> under the root, values plain serialized messages.
/// </summary>
public interface IHeronStateStore : IAsyncDisposable
{
    /// <summary>Creates or replaces a node. <paramref name="ephemeral"/> marks what Heron writes as ephemeral ZooKeeper nodes (TManager, scheduler locations); files ignore it.</summary>
    Task WriteAsync(string directory, string topology, byte[] data, bool ephemeral, CancellationToken cancellationToken);

    /// <summary>Removes a node; a missing one is not an error.</summary>
    Task DeleteAsync(string directory, string topology, CancellationToken cancellationToken);
}
