namespace Tracker.ZooKeeper.Tests;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Parse_HostsPortsAndChroot()
    {
        var parsed = ConnectionString.Parse("zk1:2182, zk2 ,[::1]:2183/heron/state");

        Assert.Equal(["zk1:2182", "zk2:2181", "::1:2183"], parsed.Servers.Select(s => $"{s.Host}:{s.Port}"));
        Assert.Equal("/heron/state", parsed.Chroot);
        Assert.Equal("/heron/state", parsed.ToServerPath("/"));
        Assert.Equal("/heron/state/topologies", parsed.ToServerPath("/topologies"));
        Assert.Equal("/topologies", parsed.ToClientPath("/heron/state/topologies"));
        Assert.Equal("/", parsed.ToClientPath("/heron/state"));
    }

    [Fact]
    public void Parse_WithoutOrWithARootChroot_HasNone()
    {
        Assert.Null(ConnectionString.Parse("127.0.0.1:2181").Chroot);
        Assert.Null(ConnectionString.Parse("127.0.0.1:2181/").Chroot);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/chroot-only")]
    [InlineData("host:notaport")]
    [InlineData("host:70000")]
    [InlineData("host:2181/bad/")]
    [InlineData("[::1:2181")]
    public void Parse_RejectsMalformedStrings(string value)
    {
        var error = Record.Exception(() => ConnectionString.Parse(value));

        Assert.True(error is FormatException or ArgumentException, $"'{value}' gave {error?.GetType().Name ?? "no error"}.");
    }
}
