namespace Tracker.ZooKeeper.Protocol;

/// <summary>
/// The session handshake: ConnectRequest {protocolVersion, lastZxidSeen, timeOut, sessionId, passwd, readOnly}
/// and ConnectResponse {protocolVersion, timeOut, sessionId, passwd, [readOnly]}. A server that no longer
/// knows the session answers with a timeout of 0, which is how a client learns its session expired.
/// </summary>
internal static class ConnectHandshake
{
    public static void WriteRequest(JuteWriter writer, long lastZxidSeen, TimeSpan sessionTimeout, long sessionId, byte[] password)
    {
        writer.BeginFrame();
        writer.WriteInt(0);
        writer.WriteLong(lastZxidSeen);
        writer.WriteInt((int)sessionTimeout.TotalMilliseconds);
        writer.WriteLong(sessionId);
        writer.WriteBuffer(password);
        // Not willing to talk to a read-only server: Tracker needs watches on the live tree.
        writer.WriteBool(false);
        writer.EndFrame();
    }

    public static ConnectResponse ReadResponse(ReadOnlySpan<byte> frame)
    {
        var reader = new JuteReader(frame);
        reader.ReadInt();
        var timeout = reader.ReadInt();
        var sessionId = reader.ReadLong();
        var password = reader.ReadBuffer();
        // 3.3 servers stop here; later ones add the read-only flag.
        var readOnly = reader.Remaining > 0 && reader.ReadBool();
        return new ConnectResponse(TimeSpan.FromMilliseconds(timeout), sessionId, password, readOnly);
    }
}

internal sealed record ConnectResponse(TimeSpan NegotiatedTimeout, long SessionId, byte[] Password, bool ReadOnly)
{
    public bool SessionExpired => NegotiatedTimeout <= TimeSpan.Zero;
}
