namespace Tracker.ZooKeeper;

/// <summary>An error the server answered with (or, for connection loss and expiry, the client observed).</summary>
public class ZooKeeperException : Exception
{
    public ZooKeeperException(ZooKeeperErrorCode code, string? path, string? message = null, Exception? inner = null)
        : base(message ?? Describe(code, path), inner)
    {
        Code = code;
        Path = path;
    }

    public ZooKeeperErrorCode Code { get; }

    /// <summary>The path of the failed operation (relative to the chroot), when there was one.</summary>
    public string? Path { get; }

    internal static ZooKeeperException For(ZooKeeperErrorCode code, string? path) => code switch
    {
        ZooKeeperErrorCode.NoNode => new NoNodeException(path),
        ZooKeeperErrorCode.NodeExists => new NodeExistsException(path),
        ZooKeeperErrorCode.NotEmpty => new NotEmptyException(path),
        ZooKeeperErrorCode.BadVersion => new BadVersionException(path),
        ZooKeeperErrorCode.NoAuth => new NoAuthException(path),
        ZooKeeperErrorCode.InvalidAcl => new InvalidAclException(path),
        ZooKeeperErrorCode.NoChildrenForEphemerals => new NoChildrenForEphemeralsException(path),
        ZooKeeperErrorCode.BadArguments => new BadArgumentsException(path),
        ZooKeeperErrorCode.SessionExpired => new SessionExpiredException(path),
        ZooKeeperErrorCode.ConnectionLoss => new ConnectionLossException(path),
        ZooKeeperErrorCode.AuthFailed => new AuthFailedException(path),
        ZooKeeperErrorCode.SessionMoved => new SessionMovedException(path),
        ZooKeeperErrorCode.OperationTimeout => new OperationTimeoutException(path),
        _ => new ZooKeeperException(code, path),
    };

    private static string Describe(ZooKeeperErrorCode code, string? path)
        => path is null ? $"ZooKeeper error {code} ({(int)code})." : $"ZooKeeper error {code} ({(int)code}) for {path}.";
}

/// <summary>The znode (or, for create, its parent) does not exist.</summary>
public sealed class NoNodeException(string? path) : ZooKeeperException(ZooKeeperErrorCode.NoNode, path);

/// <summary>A znode already exists at the path.</summary>
public sealed class NodeExistsException(string? path) : ZooKeeperException(ZooKeeperErrorCode.NodeExists, path);

/// <summary>The znode still has children and cannot be deleted.</summary>
public sealed class NotEmptyException(string? path) : ZooKeeperException(ZooKeeperErrorCode.NotEmpty, path);

/// <summary>The expected version did not match the znode's version.</summary>
public sealed class BadVersionException(string? path) : ZooKeeperException(ZooKeeperErrorCode.BadVersion, path);

/// <summary>The session's identities lack the permission the ACL requires.</summary>
public sealed class NoAuthException(string? path) : ZooKeeperException(ZooKeeperErrorCode.NoAuth, path);

/// <summary>The ACL given is not valid (unknown scheme, malformed id, or <c>auth</c> without credentials).</summary>
public sealed class InvalidAclException(string? path) : ZooKeeperException(ZooKeeperErrorCode.InvalidAcl, path);

/// <summary>Ephemeral znodes cannot have children.</summary>
public sealed class NoChildrenForEphemeralsException(string? path) : ZooKeeperException(ZooKeeperErrorCode.NoChildrenForEphemerals, path);

/// <summary>The server rejected the request's arguments (for example a malformed path).</summary>
public sealed class BadArgumentsException(string? path) : ZooKeeperException(ZooKeeperErrorCode.BadArguments, path);

/// <summary>
/// The request was issued on a session that has expired. The client has opened (or is opening) a new
/// session: ephemeral znodes and watches of the old one are gone.
/// </summary>
public sealed class SessionExpiredException(string? path) : ZooKeeperException(ZooKeeperErrorCode.SessionExpired, path);

/// <summary>
/// The connection broke while the request was in flight: it may or may not have been applied. The
/// client reconnects on its own; retry once it reports <see cref="ZooKeeperState.Reconnected"/>.
/// </summary>
public sealed class ConnectionLossException(string? path, string? message = null)
    : ZooKeeperException(ZooKeeperErrorCode.ConnectionLoss, path, message);

/// <summary>The server rejected the session's credentials.</summary>
public sealed class AuthFailedException(string? path) : ZooKeeperException(ZooKeeperErrorCode.AuthFailed, path);

/// <summary>The session moved to another server while this request was in flight.</summary>
public sealed class SessionMovedException(string? path) : ZooKeeperException(ZooKeeperErrorCode.SessionMoved, path);

/// <summary>The server timed the operation out.</summary>
public sealed class OperationTimeoutException(string? path) : ZooKeeperException(ZooKeeperErrorCode.OperationTimeout, path);

/// <summary>The server sent something this client cannot read; the connection is dropped and re-established.</summary>
public sealed class ZooKeeperProtocolException(string message) : Exception(message);
