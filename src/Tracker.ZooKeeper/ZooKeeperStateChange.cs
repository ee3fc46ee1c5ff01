using System.Net;

namespace Tracker.ZooKeeper;

/// <summary>
/// One connection state change as <see cref="ZooKeeperClient.StateChanged"/> reports it: the new state,
/// the server it concerns (null when none does, e.g. <see cref="ZooKeeperState.Closed"/>) and, in words
/// an operator can act on, why it happened.
/// </summary>
public sealed record ZooKeeperStateChange(ZooKeeperState State, DnsEndPoint? Server, string Cause)
{
    public override string ToString()
        => Server is null ? $"{State}: {Cause}" : $"{State} ({Server.Host}:{Server.Port}): {Cause}";
}
