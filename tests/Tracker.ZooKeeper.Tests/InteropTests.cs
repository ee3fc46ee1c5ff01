using System.Text;
using Tracker.ZooKeeper.Tests.Infrastructure;

namespace Tracker.ZooKeeper.Tests;

/// <summary>Data written by Debian's zkCli.sh (the Java client) is read by this library, and the reverse.</summary>
public sealed class InteropTests
{
    private const string ZkCli = "/usr/share/zookeeper/bin/zkCli.sh";

    [Fact]
    public async Task ZkCliWrites_LibraryReads_AndLibraryWrites_ZkCliReads()
    {
        Assert.True(File.Exists(ZkCli), $"{ZkCli} is missing: install Debian's zookeeper package (scripts/zk.sh install).");
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        var fromCli = $"from-zkcli-{Guid.NewGuid():N}";
        var fromLibrary = $"from-library-{Guid.NewGuid():N}";

        await CliAsync("create", tree.Root + "/by-cli", fromCli);
        await zk.CreateAsync("/by-library", Encoding.UTF8.GetBytes(fromLibrary));
        var read = await CliAsync("get", tree.Root + "/by-library");

        Assert.Equal(fromCli, Encoding.UTF8.GetString((await zk.GetDataAsync("/by-cli")).Data));
        Assert.Contains(fromLibrary, read.Split('\n').Select(line => line.Trim()));
    }

    private static async Task<string> CliAsync(params string[] command)
    {
        var (code, output) = await TestServers.RunAsync(ZkCli, ["-server", TestServers.Shared, .. command], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"zkCli {string.Join(' ', command)} exited with {code}: {output}");
        return output;
    }
}
