using System.Diagnostics;
using Tracker.ZooKeeper;

namespace Tracker.Heron.Tests.State;

/// <summary>
/// The ZooKeeper servers the tests use: the shared one at <c>$TRACKER_TEST_ZK</c> (each test under
/// its own root znode) and private ones started with <c>$TRACKER_TEST_ZK_SCRIPT</c> for tests that
/// stop or restart a server (ports 22600-22699 belong to this test project).
/// </summary>
internal static class ZooKeeperServers
{
    public static string Shared => Require("TRACKER_TEST_ZK");

    public static string UniqueRoot() => $"/tracker-heron-tests/{Guid.NewGuid():N}";

    public static async Task DeleteRootAsync(string hostPort, string root)
    {
        await using var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectionString = hostPort });
        await client.DeleteRecursiveAsync(root);
    }

    public static Task StartPrivateAsync(string name, int port) => RunAsync("start", name, port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Task StopPrivateAsync(string name) => RunAsync("stop", name);

    /// <summary>Stops the server and removes its data directory (under <c>$TRACKER_ZK_HOME</c>).</summary>
    public static async Task RemovePrivateAsync(string name)
    {
        await StopPrivateAsync(name);
        var home = Environment.GetEnvironmentVariable("TRACKER_ZK_HOME") is { Length: > 0 } h ? h : "/tmp/tracker-zk";
        var directory = Path.Combine(home, name);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task RunAsync(params string[] args)
    {
        var script = Require("TRACKER_TEST_ZK_SCRIPT");
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"zk.sh {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    private static string Require(string variable)
        => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run the tests through test.sh or `source /work/wt/dev-env.sh` first.");
}
