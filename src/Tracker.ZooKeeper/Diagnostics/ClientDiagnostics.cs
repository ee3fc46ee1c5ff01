using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tracker.ZooKeeper.Diagnostics;

/// <summary>
/// What one client tells the outside: log events (to the options' logger factory and the plain
/// <see cref="ZooKeeperClientOptions.Log"/> hook) and measurements (to the options' meter, if any).
/// </summary>
internal sealed partial class ClientDiagnostics
{
    private readonly ILogger _logger;
    private readonly Action<string>? _hook;

    public ClientDiagnostics(ZooKeeperClientOptions options)
    {
        _logger = options.LoggerFactory?.CreateLogger<ZooKeeperClient>() ?? NullLogger<ZooKeeperClient>.Instance;
        _hook = options.Log;
        Instruments = options.Meter is { } meter ? ZooKeeperInstruments.For(meter) : null;
    }

    /// <summary>The shared instruments of the client's meter, or null without one.</summary>
    public ZooKeeperInstruments? Instruments { get; }

    public void AuthFailed(string? user, ZooKeeperErrorCode error)
    {
        LogAuthFailed(_logger, user ?? "", error);
        _hook?.Invoke($"The server rejected the digest credentials of user '{user}' ({error}).");
    }

    public void ConnectFailed(DnsEndPoint server, Exception e)
    {
        LogConnectFailed(_logger, server.Host, server.Port, e.GetType().Name, e.Message);
        _hook?.Invoke($"Could not connect to {server.Host}:{server.Port}: {e.GetType().Name}: {e.Message}");
    }

    public void SessionExpired(long sessionId, DnsEndPoint server)
    {
        LogSessionExpired(_logger, $"0x{sessionId:x}", server.Host, server.Port);
        _hook?.Invoke($"Session 0x{sessionId:x} expired ({server.Host}:{server.Port} no longer knows it); opening a new one.");
    }

    public void SessionEstablished(bool resumed, long sessionId, DnsEndPoint server, TimeSpan timeout)
    {
        var verb = resumed ? "Resumed" : "Established";
        LogSessionEstablished(_logger, verb, $"0x{sessionId:x}", server.Host, server.Port, timeout.TotalMilliseconds);
        _hook?.Invoke($"{verb} session 0x{sessionId:x} on {server.Host}:{server.Port}, timeout {timeout.TotalMilliseconds} ms.");
    }

    public void ConnectionLost(DnsEndPoint server, Exception e)
    {
        LogConnectionLost(_logger, server.Host, server.Port, e.GetType().Name, e.Message);
        _hook?.Invoke($"Lost the connection to {server.Host}:{server.Port}: {e.GetType().Name}: {e.Message}");
    }

    public void CallbackFailed(Exception e)
    {
        LogCallbackFailed(_logger, e);
        _hook?.Invoke($"A ZooKeeper callback threw: {e}");
    }

    public void ReadFailed(string what, Exception e)
    {
        LogReadFailed(_logger, what, e.GetType().Name, e.Message);
        _hook?.Invoke($"Reading {what} failed: {e.GetType().Name}: {e.Message}");
    }

    [LoggerMessage(EventId = EventIds.AuthFailed, Level = LogLevel.Error, Message = "ZooKeeper rejected the digest credentials of user {User} ({Error})")]
    private static partial void LogAuthFailed(ILogger logger, string user, ZooKeeperErrorCode error);

    [LoggerMessage(EventId = EventIds.ConnectFailed, Level = LogLevel.Warning, Message = "Could not connect to ZooKeeper {Host}:{Port}: {ErrorType}: {Error}")]
    private static partial void LogConnectFailed(ILogger logger, string host, int port, string errorType, string error);

    [LoggerMessage(EventId = EventIds.SessionExpired, Level = LogLevel.Warning, Message = "ZooKeeper session {SessionId} expired ({Host}:{Port} no longer knows it); opening a new one")]
    private static partial void LogSessionExpired(ILogger logger, string sessionId, string host, int port);

    [LoggerMessage(EventId = EventIds.SessionEstablished, Level = LogLevel.Information, Message = "{Verb} ZooKeeper session {SessionId} on {Host}:{Port}, timeout {TimeoutMs} ms")]
    private static partial void LogSessionEstablished(ILogger logger, string verb, string sessionId, string host, int port, double timeoutMs);

    [LoggerMessage(EventId = EventIds.ConnectionLost, Level = LogLevel.Warning, Message = "Lost the connection to ZooKeeper {Host}:{Port}: {ErrorType}: {Error}")]
    private static partial void LogConnectionLost(ILogger logger, string host, int port, string errorType, string error);

    [LoggerMessage(EventId = EventIds.CallbackFailed, Level = LogLevel.Error, Message = "A ZooKeeper callback threw")]
    private static partial void LogCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = EventIds.ReadFailed, Level = LogLevel.Warning, Message = "Reading {What} failed: {ErrorType}: {Error}")]
    private static partial void LogReadFailed(ILogger logger, string what, string errorType, string error);
}
