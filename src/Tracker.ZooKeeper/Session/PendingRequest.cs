using Tracker.ZooKeeper.Protocol;

namespace Tracker.ZooKeeper.Session;

/// <summary>
/// A request waiting to be sent or answered. The body is serialized by the caller; the connection's
/// writer adds the frame length and RequestHeader {xid, type} when it sends it.
/// </summary>
internal sealed class PendingRequest(OpCode op, byte[] body, WatchRegistration? watch)
    : TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public OpCode Op { get; } = op;

    public byte[] Body { get; } = body;

    /// <summary>The watch to register when the reply arrives, so it is in place before any later notification.</summary>
    public WatchRegistration? Watch { get; } = watch;

    public int Xid { get; set; }
}

/// <summary>ReplyHeader {xid, zxid, err} of a reply and the bytes of its response record.</summary>
internal readonly record struct Reply(ZooKeeperErrorCode Error, long Zxid, ReadOnlyMemory<byte> Body);
