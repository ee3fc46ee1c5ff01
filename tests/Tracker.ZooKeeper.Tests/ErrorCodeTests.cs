using System.Text;
using Tracker.ZooKeeper.Tests.Infrastructure;

namespace Tracker.ZooKeeper.Tests;

/// <summary>Every error the server answers with reaches the caller as its own exception type.</summary>
public sealed class ErrorCodeTests
{
    [Fact]
    public async Task NoNode_ForEveryOperationOnAMissingZnode()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();

        var read = await Assert.ThrowsAsync<NoNodeException>(() => zk.GetDataAsync("/missing"));
        Assert.Equal(ZooKeeperErrorCode.NoNode, read.Code);
        Assert.Equal("/missing", read.Path);
        await Assert.ThrowsAsync<NoNodeException>(() => zk.GetChildrenAsync("/missing"));
        await Assert.ThrowsAsync<NoNodeException>(() => zk.SetDataAsync("/missing", [1]));
        await Assert.ThrowsAsync<NoNodeException>(() => zk.DeleteAsync("/missing"));
        await Assert.ThrowsAsync<NoNodeException>(() => zk.CreateAsync("/missing/child", []));
        Assert.Null(await zk.ExistsAsync("/missing"));
    }

    [Fact]
    public async Task NodeExists_WhenCreatingTwice()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        await zk.CreateAsync("/once", []);

        var error = await Assert.ThrowsAsync<NodeExistsException>(() => zk.CreateAsync("/once", [1]));

        Assert.Equal(ZooKeeperErrorCode.NodeExists, error.Code);
        Assert.Empty((await zk.GetDataAsync("/once")).Data);
    }

    [Fact]
    public async Task NotEmpty_WhenDeletingAParent()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        await zk.CreateAsync("/parent", []);
        await zk.CreateAsync("/parent/child", []);

        await Assert.ThrowsAsync<NotEmptyException>(() => zk.DeleteAsync("/parent"));

        Assert.NotNull(await zk.ExistsAsync("/parent/child"));
    }

    [Fact]
    public async Task BadVersion_ForSetDataAndDeleteWithAStaleVersion()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        await zk.CreateAsync("/versioned", [1]);
        await zk.SetDataAsync("/versioned", [2], version: 0);

        await Assert.ThrowsAsync<BadVersionException>(() => zk.SetDataAsync("/versioned", [3], version: 0));
        await Assert.ThrowsAsync<BadVersionException>(() => zk.DeleteAsync("/versioned", version: 0));

        Assert.Equal([2], (await zk.GetDataAsync("/versioned")).Data);
    }

    [Fact]
    public async Task NoChildrenForEphemerals_UnderAnEphemeralZnode()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        await zk.CreateAsync("/ephemeral", [], CreateMode.Ephemeral);

        await Assert.ThrowsAsync<NoChildrenForEphemeralsException>(() => zk.CreateAsync("/ephemeral/child", []));
    }

    [Fact]
    public async Task NoAuth_WithoutTheDigestTheAclNames_AndAccessWithIt()
    {
        await using var tree = await TestTree.CreateAsync();
        var owner = await tree.ConnectAsync(o => o with { Digest = new DigestCredentials("heron", "s3cret") });
        var stranger = await tree.ConnectAsync();
        var impostor = await tree.ConnectAsync(o => o with { Digest = new DigestCredentials("heron", "wrong") });
        await owner.CreateAsync("/private", Encoding.UTF8.GetBytes("secret"), acl: [ZooKeeperAcl.Digest("heron", "s3cret")]);

        var error = await Assert.ThrowsAsync<NoAuthException>(() => stranger.GetDataAsync("/private"));
        await Assert.ThrowsAsync<NoAuthException>(() => impostor.SetDataAsync("/private", [0]));

        Assert.Equal(ZooKeeperErrorCode.NoAuth, error.Code);
        Assert.Equal("secret", Encoding.UTF8.GetString((await owner.GetDataAsync("/private")).Data));
        // Creator-only ACLs resolve to the session's digest identity.
        await owner.CreateAsync("/mine", [7], acl: ZooKeeperAcl.CreatorAll);
        await Assert.ThrowsAsync<NoAuthException>(() => stranger.GetDataAsync("/mine"));
        Assert.Equal([7], (await owner.GetDataAsync("/mine")).Data);
    }

    [Fact]
    public async Task InvalidAcl_ForAMalformedDigestOrAnAuthAclWithoutCredentials()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();

        await Assert.ThrowsAsync<InvalidAclException>(() => zk.CreateAsync("/bad", [], acl: [new ZooKeeperAcl(Permissions.All, "digest", "no-colon")]));
        await Assert.ThrowsAsync<InvalidAclException>(() => zk.CreateAsync("/bad", [], acl: ZooKeeperAcl.CreatorAll));
        Assert.Null(await zk.ExistsAsync("/bad"));
    }

    [Fact]
    public async Task BadArguments_ForAPathTheServerRejects()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();

        await zk.CreateAsync("/a", []);

        // The server refuses a "." segment as the name of a new znode.
        var error = await Assert.ThrowsAsync<BadArgumentsException>(() => zk.CreateAsync("/a/.", []));

        Assert.Equal(ZooKeeperErrorCode.BadArguments, error.Code);
    }

    [Fact]
    public async Task ConnectionLoss_ForARequestInFlightWhenTheConnectionBreaks()
    {
        await using var tree = await TestTree.CreateAsync();
        await using var proxy = new FaultRelay(tree.Servers);
        var zk = await tree.ConnectThroughAsync(proxy);
        var states = zk.RecordStates();

        proxy.Freeze();
        var inFlight = zk.CreateAsync("/maybe", [1]);
        proxy.DropConnections();
        proxy.Thaw();

        var error = await Assert.ThrowsAsync<ConnectionLossException>(() => inFlight);
        Assert.Equal(ZooKeeperErrorCode.ConnectionLoss, error.Code);
        await states.NextAsync(s => s == ZooKeeperState.Reconnected, "the reconnection");
        Assert.Null(await zk.ExistsAsync("/maybe"));
    }
}
