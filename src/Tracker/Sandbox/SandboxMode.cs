using Tracker.Hosting;

namespace Tracker.Sandbox;

/// <summary>
/// <c>--sandbox</c>: starts the emulated cluster before the tracker and points the tracker's
/// configuration at it. Every part returned is disposed after the tracker stops, in reverse order of start.
/// </summary>
public static class SandboxMode
{
    public static async Task<IReadOnlyList<IAsyncDisposable>> StartAsync(
        ConfigurationManager configuration, string dataDirectory, string logFormat, CancellationToken cancellationToken)
    {
        // Every emulator logs through this one factory, configured as the host's console is. The host's own
        // factory does not exist yet, and this one is the first part so that it goes last, after the emulators.
        var loggers = TrackerLogging.CreateFactory(logFormat, configuration);
        var parts = new List<IAsyncDisposable> { new LoggersPart(loggers) };
        try
        {
            parts.Add(await HadoopSandboxMode.StartAsync(configuration, dataDirectory, loggers, logFormat, cancellationToken));
            parts.Add(await HeronSandboxMode.StartAsync(configuration, dataDirectory, loggers, cancellationToken));
            return parts;
        }
        catch
        {
            for (var i = parts.Count - 1; i >= 0; i--)
            {
                await parts[i].DisposeAsync();
            }

            throw;
        }
    }

    private sealed class LoggersPart(ILoggerFactory loggers) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            loggers.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
