using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Tracker.Hosting;

namespace Tracker.Tests.Hosting;

/// <summary>Logs for people (simple, one line per event, the sandbox banner) and for machines (JSON lines), each host's lifetime lines once.</summary>
public sealed partial class LoggingTests
{
    [Theory]
    [InlineData(null, false, false, null, "simple")]
    [InlineData(null, false, true, null, "json")]
    [InlineData(null, false, false, "Production", "json")]
    [InlineData(null, false, false, "Development", "simple")]
    [InlineData(null, true, true, "Production", "simple")]
    [InlineData("json", true, false, null, "json")]
    [InlineData("simple", false, true, "Production", "simple")]
    public void The_format_follows_who_reads_it(string? configured, bool sandbox, bool redirected, string? environment, string expected)
    {
        Assert.Equal(expected, TrackerLogging.FormatterName(configured, sandbox, redirected, environment));
    }

    [Fact]
    public void The_sandbox_loggers_follow_the_hosts_logging_section_without_the_lifetime_lines()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Noisy"] = "Error",
        }).Build();

        using var loggers = TrackerLogging.CreateFactory("json", configuration);

        Assert.True(loggers.CreateLogger("Tracker.Sandbox.Hadoop").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Noisy").IsEnabled(LogLevel.Warning));
        // The emulators' own web hosts would otherwise repeat "Now listening on" and "Application started".
        Assert.False(loggers.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task Sandbox_logs_one_line_per_event_after_a_readable_banner_and_starts_one_host_loudly()
    {
        var logged = await RunUntilStartedAsync();

        var text = string.Join('\n', logged);
        Assert.Matches(@"Knox gateway +http://127\.0\.0\.1:\d+/gateway/sandbox", text);
        Assert.Contains("alice / alice-secret", text);
        Assert.Contains("bob / bob-secret", text);
        Assert.Matches(@"\d{7}-\d{15}-oozie-W +alice +failed", text);

        Assert.Single(logged, l => l.Contains("Application started", StringComparison.Ordinal));
        Assert.Single(logged, l => l.Contains("Now listening on", StringComparison.Ordinal));
        Assert.Contains(logged, l => SimpleLine().IsMatch(l) && l.Contains("Microsoft.Hosting.Lifetime[0] Application started", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, l => l.StartsWith('{'));
    }

    [Fact]
    public async Task The_standard_formatter_setting_gives_json_lines_even_in_the_sandbox()
    {
        var logged = await RunUntilStartedAsync("--Logging:Console:FormatterName", "json");

        Assert.All(logged.Where(l => l.Length > 0), line => JsonDocument.Parse(line).Dispose());
        Assert.Contains(logged, l => l.Contains("Sandbox Knox gateway", StringComparison.Ordinal));
        Assert.Single(logged, l => l.Contains("Application started", StringComparison.Ordinal));
    }

    /// <summary>Runs <c>--sandbox</c> as its own process with output redirected until it has started, then stops it and returns what it wrote.</summary>
    private static async Task<string[]> RunUntilStartedAsync(params string[] arguments)
    {
        var dataDirectory = ProcessTests.NewDataDirectory();
        var start = ProcessTests.TrackerProcess(["--sandbox", "--Sandbox:Port", "0", "--Tracker:DataDirectory", dataDirectory, .. arguments]);
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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

            if (e.Data.Contains("Content root path", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        try
        {
            // The last lifetime line: every host (the sandbox's too) has started by then.
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            lock (lines)
            {
                return [.. lines];
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            ProcessTests.DeleteIfExists(dataDirectory);
        }
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d (trce|dbug|info|warn|fail|crit): \S+\[\d+\] ")]
    private static partial Regex SimpleLine();
}
