namespace Tracker.ZooKeeper.Tests.Infrastructure;

/// <summary>
/// A ZooKeeper server (or ensemble member) of a test's own, started and stopped with zk.sh, for tests that
/// must stop or restart servers without disturbing the shared ones. Client ports are in 22000-22999;
/// ensemble members also use port+1000 and port+2000 for the quorum.
/// </summary>
internal sealed class PrivateServer(string name, int port, int? id = null, string? peers = null) : IAsyncDisposable
{
    public string Name { get; } = name;

    public int Port { get; } = port;

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Starts a fresh server (an old data directory of the same name is removed first).</summary>
    public static async Task<PrivateServer> StartFreshAsync(string name, int port)
    {
        var server = new PrivateServer(name, port);
        await server.StopAsync();
        DeleteData(name);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts three members of a fresh ensemble and waits until each serves clients.</summary>
    public static async Task<PrivateServer[]> StartEnsembleAsync(string name, int[] ports)
    {
        var peers = string.Join(',', ports.Select((p, i) => $"{i + 1}={p}"));
        var members = ports.Select((p, i) => new PrivateServer($"{name}{i + 1}", p, i + 1, peers)).ToArray();
        foreach (var member in members)
        {
            await member.StopAsync();
            DeleteData(member.Name);
        }

        await Task.WhenAll(members.Select(m => m.StartAsync()));
        return members;
    }

    public async Task StartAsync()
    {
        if (id is { } memberId)
        {
            await TestServers.RunScriptAsync("start", Name, Port.ToString(), memberId.ToString(), peers!);
        }
        else
        {
            await TestServers.RunScriptAsync("start", Name, Port.ToString());
        }

        await TestServers.RunScriptAsync("wait", Port.ToString(), "60");
    }

    public Task StopAsync() => TestServers.RunScriptAsync("stop", Name);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        DeleteData(Name);
    }

    private static void DeleteData(string name)
    {
        var directory = Path.Combine(TestServers.Home, name);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
