using System.Collections.Concurrent;

namespace Tracker.ZooKeeper.Tests.Infrastructure;

/// <summary>
/// A unique root znode on a server for one test, so tests run in parallel against the shared server.
/// Clients opened through it are chrooted there; disposing deletes the tree and closes them.
/// </summary>
internal sealed class TestTree : IAsyncDisposable
{
    private readonly ConcurrentBag<ZooKeeperClient> _clients = [];

    private TestTree(string servers, string root)
    {
        Servers = servers;
        Root = root;
    }

    public static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(4);

    public string Servers { get; }

    /// <summary>The test's root, as an absolute server path.</summary>
    public string Root { get; }

    public string ConnectionString => Servers + Root;

    public ConcurrentQueue<string> Log { get; } = new();

    public static async Task<TestTree> CreateAsync(string? servers = null)
    {
        servers ??= TestServers.Shared;
        var tree = new TestTree(servers, $"/tracker-zk-tests/{Guid.NewGuid():N}");
        await using var setup = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectionString = servers, SessionTimeout = SessionTimeout });
        await setup.EnsurePathAsync(tree.Root);
        return tree;
    }

    /// <summary>A client chrooted at the test's root.</summary>
    public async Task<ZooKeeperClient> ConnectAsync(Func<ZooKeeperClientOptions, ZooKeeperClientOptions>? configure = null)
    {
        var options = new ZooKeeperClientOptions
        {
            ConnectionString = ConnectionString,
            SessionTimeout = SessionTimeout,
            ConnectTimeout = TimeSpan.FromSeconds(20),
            Log = Log.Enqueue,
        };
        var client = await ZooKeeperClient.ConnectAsync(configure?.Invoke(options) ?? options);
        _clients.Add(client);
        return client;
    }

    /// <summary>A client chrooted at the test's root that reaches the server through <paramref name="proxy"/>, so the test can cut it off.</summary>
    public Task<ZooKeeperClient> ConnectThroughAsync(FaultRelay proxy, Func<ZooKeeperClientOptions, ZooKeeperClientOptions>? configure = null)
        => ConnectAsync(o =>
        {
            var through = o with { ConnectionString = proxy.Address + Root };
            return configure?.Invoke(through) ?? through;
        });

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        try
        {
            await using var cleanup = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
            {
                ConnectionString = Servers,
                SessionTimeout = SessionTimeout,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            });
            await cleanup.DeleteRecursiveAsync(Root);
        }
        catch (ZooKeeperException)
        {
            // A private server may already be gone; its data directory is removed with it.
        }
    }
}
