namespace Tracker.ZooKeeper;

/// <summary>What a <see cref="ZooKeeperClient"/> reports through <see cref="ZooKeeperClient.StateChanged"/>.</summary>
public enum ZooKeeperState
{
    /// <summary>Not connected yet (only before <see cref="ZooKeeperClient.ConnectAsync"/> returns).</summary>
    Connecting,

    /// <summary>A new session is established: the first one, or a fresh one after <see cref="Expired"/>.</summary>
    Connected,

    /// <summary>The connection was lost; the client keeps trying the servers and the session may still be alive.</summary>
    Disconnected,

    /// <summary>The same session was resumed on the same or another server; watches were re-registered.</summary>
    Reconnected,

    /// <summary>
    /// The server expired the session: its ephemeral znodes and watches are gone. The client opens a new
    /// session right away and reports <see cref="Connected"/> once it has.
    /// </summary>
    Expired,

    /// <summary>The client was disposed; it reports nothing more.</summary>
    Closed,
}
