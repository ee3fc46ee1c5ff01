using Tracker.ZooKeeper.Protocol;

namespace Tracker.ZooKeeper.Tests.Protocol;

public sealed class JuteTests
{
    [Fact]
    public void Records_AreBigEndianWithLengthPrefixes()
    {
        var writer = new JuteWriter(4);
        writer.BeginFrame();
        writer.WriteInt(-2);
        writer.WriteLong(0x0102030405060708);
        writer.WriteBool(true);
        writer.WriteString("zk");
        writer.WriteNullBuffer();
        writer.WriteStringVector(["a", "bc"]);
        writer.EndFrame();

        byte[] expected =
        [
            0, 0, 0, 38,
            0xFF, 0xFF, 0xFF, 0xFE,
            1, 2, 3, 4, 5, 6, 7, 8,
            1,
            0, 0, 0, 2, (byte)'z', (byte)'k',
            0xFF, 0xFF, 0xFF, 0xFF,
            0, 0, 0, 2, 0, 0, 0, 1, (byte)'a', 0, 0, 0, 2, (byte)'b', (byte)'c',
        ];
        Assert.Equal(expected, writer.ToArray());
    }

    [Fact]
    public void Reader_ReadsWhatTheWriterWrote_AndRejectsTruncatedRecords()
    {
        var writer = new JuteWriter();
        writer.WriteString("héron");
        writer.WriteBuffer([9, 8]);
        writer.WriteNullBuffer();
        writer.WriteStringVector(["x", "y"]);
        var bytes = writer.ToArray();

        var reader = new JuteReader(bytes);
        Assert.Equal("héron", reader.ReadString());
        Assert.Equal([9, 8], reader.ReadBuffer());
        Assert.Empty(reader.ReadBuffer());
        Assert.Equal(["x", "y"], reader.ReadStringVector());
        Assert.Equal(0, reader.Remaining);

        Assert.Throws<ZooKeeperProtocolException>(() => new JuteReader(bytes.AsSpan(0, 6)).ReadString());
    }

    [Fact]
    public void ConnectResponse_WithoutTheReadOnlyFlag_FromOldServers_IsRead()
    {
        var writer = new JuteWriter();
        writer.WriteInt(0);
        writer.WriteInt(4000);
        writer.WriteLong(0x1234);
        writer.WriteBuffer(new byte[16]);

        var response = ConnectHandshake.ReadResponse(writer.ToArray());

        Assert.Equal(TimeSpan.FromSeconds(4), response.NegotiatedTimeout);
        Assert.Equal(0x1234, response.SessionId);
        Assert.False(response.ReadOnly);
        Assert.False(response.SessionExpired);
    }
}
