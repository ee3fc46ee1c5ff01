using System.Diagnostics;

namespace Tracker.ZooKeeper.Tests.Infrastructure;

/// <summary>The real ZooKeeper servers the tests use, from the environment the test script (or dev-env.sh) sets.</summary>
internal static class TestServers
{
    /// <summary>The shared standalone server: tests isolate themselves under a unique root path.</summary>
    public static string Shared => Require("TRACKER_TEST_ZK");

    public static string Script => Require("TRACKER_TEST_ZK_SCRIPT");

    public static string Home => Environment.GetEnvironmentVariable("TRACKER_ZK_HOME") is { Length: > 0 } home ? home : "/tmp/tracker-zk";

    /// <summary>Runs <c>zk.sh</c> and fails the test with its output when it fails.</summary>
    public static async Task RunScriptAsync(params string[] arguments)
    {
        var (code, output) = await RunAsync(Script, arguments, TimeSpan.FromSeconds(60));
        if (code != 0)
        {
            throw new InvalidOperationException($"zk.sh {string.Join(' ', arguments)} exited with {code}: {output}");
        }
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TRACKER_ZK_HOME"] = Home;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Require(string name)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through test.sh, or `source /work/wt/dev-env.sh` first.");
}
