using Microsoft.Extensions.Logging.Console;

namespace Tracker.Hosting;

/// <summary>
/// Picks the console format: JSON lines for machines (output redirected to a file, a pipe or a log
/// collector, or an environment named Production), the simple formatter, one line per event, for a
/// person at a terminal or trying <c>--sandbox</c>. The standard <c>Logging:Console:FormatterName</c>
/// always wins.
/// </summary>
public static class TrackerLogging
{
    public const string FormatterKey = "Logging:Console:FormatterName";

    public static string FormatterName(IConfiguration configuration, bool sandbox)
        => FormatterName(configuration[FormatterKey], sandbox, Console.IsOutputRedirected, ExplicitEnvironment(configuration));

    /// <summary>The decision alone, for tests: <paramref name="environment"/> is the environment name given explicitly, if any.</summary>
    public static string FormatterName(string? configured, bool sandbox, bool outputRedirected, string? environment)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (sandbox)
        {
            return ConsoleFormatterNames.Simple;
        }

        return outputRedirected || string.Equals(environment, Environments.Production, StringComparison.OrdinalIgnoreCase)
            ? ConsoleFormatterNames.Json
            : ConsoleFormatterNames.Simple;
    }

    /// <summary>
    /// Console logging in <paramref name="formatter"/>; with <paramref name="configuration"/> (a logger
    /// factory of its own, not the host's builder, which binds it already) the <c>Logging</c> section too.
    /// </summary>
    public static void Configure(ILoggingBuilder logging, string formatter, IConfiguration? configuration = null)
    {
        logging.ClearProviders();
        if (configuration is not null)
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
        }

        logging.AddJsonConsole(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = formatter);
    }

    /// <summary>
    /// A logger factory for what runs beside the host but starts before it (the sandbox's emulators, whose
    /// addresses go into the host's configuration): the same console and <c>Logging</c> section as the host,
    /// without a second set of "Now listening on" lines from the emulators' own web hosts. The caller
    /// disposes it once everything that logs through it has stopped.
    /// </summary>
    public static ILoggerFactory CreateFactory(string formatter, IConfiguration configuration)
        => LoggerFactory.Create(logging =>
        {
            Configure(logging, formatter, configuration);
            logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        });

    // Only a name someone chose counts: an unset environment also reads as Production, and a newcomer's terminal sets none.
    private static string? ExplicitEnvironment(IConfiguration configuration)
        => Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? configuration["environment"];
}
