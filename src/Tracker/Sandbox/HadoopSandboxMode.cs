using System.Globalization;
using Microsoft.Extensions.Logging.Console;
using Tracker.Sandbox.Hadoop;

namespace Tracker.Sandbox;

/// <summary>
/// Starts the emulated Knox/Oozie/WebHDFS/YARN gateway on <c>Sandbox:Port</c> (default
/// <see cref="SandboxDefaults.GatewayPort"/>) with its files under <c>{data}/sandbox/hadoop</c>, prints the
/// gateway, users and demo jobs (<see cref="SandboxBanner"/>, or log events with JSON logs), and points <c>Jobs:Gateway:Url</c> at it with a quick poll interval, and
/// <c>Jobs:LogCopy:ResourceManager</c>/<c>NameNode</c> at its cluster (each unless given).
/// </summary>
public static partial class HadoopSandboxMode
{
    public static async Task<IAsyncDisposable> StartAsync(
        ConfigurationManager configuration, string dataDirectory, ILoggerFactory loggerFactory, string logFormat, CancellationToken cancellationToken)
    {
        var port = int.TryParse(configuration["Sandbox:Port"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var configured)
            ? configured
            : SandboxDefaults.GatewayPort;

        var options = new HadoopSandboxOptions { Port = port, DataDirectory = Path.Combine(dataDirectory, "sandbox", "hadoop") };
        // Off unless configured (Sandbox:Knox:Faults:FailureRatio, :Delay, :Seed): chaos for trying the tracker's resilience.
        configuration.GetSection("Sandbox:Knox:Faults").Bind(options.KnoxFaults);
        var sandbox = await HadoopSandbox.StartAsync(
            options,
            loggerFactory,
            TimeProvider.System,
            cancellationToken);
        var gateway = sandbox.GatewayUrl.AbsoluteUri.TrimEnd('/');
        configuration["Jobs:Gateway:Url"] = gateway;
        // A poll interval given on the command line (tests use a shorter one) wins over the sandbox's quick default.
        if (string.IsNullOrEmpty(configuration["Jobs:Tracking:PollInterval"]))
        {
            configuration["Jobs:Tracking:PollInterval"] = "00:00:02";
        }

        // Copy workflows must name the sandbox's own ResourceManager and name node: its Oozie refuses others.
        if (string.IsNullOrEmpty(configuration["Jobs:LogCopy:ResourceManager"]))
        {
            configuration["Jobs:LogCopy:ResourceManager"] = SandboxDefaults.ResourceManagerAddress;
        }

        if (string.IsNullOrEmpty(configuration["Jobs:LogCopy:NameNode"]))
        {
            configuration["Jobs:LogCopy:NameNode"] = SandboxDefaults.NameNode;
        }

        if (logFormat == ConsoleFormatterNames.Json)
        {
            // Machines read JSON lines: the same facts as events, one each.
            var logger = loggerFactory.CreateLogger(typeof(HadoopSandboxMode));
            LogGateway(logger, gateway);
            foreach (var job in sandbox.DemoJobs)
            {
                LogDemoJob(logger, job.User, job.Kind, job.Id, job.Description);
            }
        }
        else
        {
            await Console.Out.WriteAsync(SandboxBanner.Format(gateway, SandboxUsers.Defaults, sandbox.DemoJobs));
        }

        return sandbox;
    }

    [LoggerMessage(EventId = EventIds.Gateway, Level = LogLevel.Information,
        Message = "Sandbox Knox gateway at {Gateway} (users alice and bob, passwords in docs/hadoop.md)")]
    private static partial void LogGateway(ILogger logger, string gateway);

    [LoggerMessage(EventId = EventIds.DemoJob, Level = LogLevel.Information, Message = "Sandbox demo job of {User}, {Kind}: {JobId} ({Description})")]
    private static partial void LogDemoJob(ILogger logger, string user, string kind, string jobId, string description);
}
