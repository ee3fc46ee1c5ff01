using System.Diagnostics;
using System.Text.Json;

namespace Tracker.Tests.Hosting;

/// <summary>Tracker as an operator runs it: a separate process, configured by environment, stopped by SIGTERM.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Sigterm_StopsGracefully_AfterJsonLogs_WithSettingsFromTrackerPrefixedEnvironment()
    {
        var dataDirectory = NewDataDirectory();
        var start = TrackerProcess();
        start.Environment["TRACKER_Tracker__DataDirectory"] = dataDirectory;
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
            }

            if (e.Data.Contains("Now listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult(e.Data);
            }
        };
        process.BeginOutputReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(Directory.Exists(dataDirectory), "the data directory named by TRACKER_Tracker__DataDirectory exists");

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
            string[] logged;
            lock (lines)
            {
                logged = [.. lines];
            }

            Assert.All(logged, line => JsonDocument.Parse(line).Dispose());
            Assert.Contains(logged, line => line.Contains("Application is shutting down", StringComparison.Ordinal));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            DeleteIfExists(dataDirectory);
        }
    }

    [Theory]
    [InlineData("--Jobs:Vault:KeyRingCertificate", "{data}/missing.pem", "Jobs:Vault:KeyRingCertificate: cannot load")]
    [InlineData("--Jobs:Tracking:PollInterval", "00:00:00", "Jobs:Tracking: PollInterval")]
    [InlineData("--Jobs:Tracking:PollInterval", "soon", "Jobs:Tracking:PollInterval")]
    [InlineData("--Jobs:Gateway:RequestTimeout", "00:00:00", "Jobs:Gateway: RequestTimeout")]
    [InlineData("--Jobs:Gateway:Url", "gateway/sandbox", "Jobs:Gateway:Url must be an absolute URL")]
    [InlineData("--Jobs:Store:Provider", "mysql", "Jobs:Store:Provider 'mysql' is not supported")]
    [InlineData("--Heron:TManager:Timeout", "00:00:00", "Heron:TManager: Timeout")]
    [InlineData("--Heron:Shell:JmapTimeout", "00:00:00", "Heron:Shell: Timeout and JmapTimeout")]
    public async Task A_configuration_mistake_ends_the_process_with_a_one_line_error_naming_the_setting(string setting, string value, string says)
    {
        var dataDirectory = NewDataDirectory();
        var start = TrackerProcess("--Tracker:DataDirectory", dataDirectory, setting, value.Replace("{data}", dataDirectory, StringComparison.Ordinal));
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await output;

            Assert.Equal(2, process.ExitCode);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("Tracker cannot start: ", line, StringComparison.Ordinal);
            Assert.Contains(says, line, StringComparison.Ordinal);
        }
        finally
        {
            DeleteIfExists(dataDirectory);
        }
    }

    [Fact]
    public async Task Once_quiet_after_starting_the_process_gives_the_GC_spare_memory_back()
    {
        var dataDirectory = NewDataDirectory();
        var start = TrackerProcess(
            "--Tracker:DataDirectory", dataDirectory, "--Logging:LogLevel:Tracker.Memory", "Debug",
            // Checked often, and worth it after any allocation: starting up is the busy spell.
            "--Tracker:IdleMemoryTrim:CheckInterval", "00:00:00.2", "--Tracker:IdleMemoryTrim:MinimumAllocatedBytes", "1");
        using var process = Process.Start(start)!;
        var trimmed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Quiet after a busy spell", StringComparison.Ordinal) == true)
            {
                trimmed.TrySetResult(e.Data);
            }
        };
        process.BeginOutputReadLine();
        try
        {
            var line = await trimmed.Task.WaitAsync(TimeSpan.FromSeconds(60));

            using var log = JsonDocument.Parse(line);
            var state = log.RootElement.GetProperty("State");
            Assert.True(state.GetProperty("HeapKiB").GetInt64() > 0);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            DeleteIfExists(dataDirectory);
        }
    }

    internal static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "tracker-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The built Tracker.dll as its own process on a free port, output captured, plus <paramref name="arguments"/>.</summary>
    internal static ProcessStartInfo TrackerProcess(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "Tracker.dll"), "--urls", "http://127.0.0.1:0", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    internal static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
