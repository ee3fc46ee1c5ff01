namespace Tracker.Sandbox;

/// <summary>
/// <c>--sandbox</c>: starts the emulated cluster before the tracker and points the tracker's
/// configuration at it. Every part returned is disposed after the tracker stops.
/// </summary>
public static class SandboxMode
{
    public static async Task<IReadOnlyList<IAsyncDisposable>> StartAsync(
        ConfigurationManager configuration, string dataDirectory, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var parts = new List<IAsyncDisposable>();
        try
        {
            parts.Add(await HadoopSandboxMode.StartAsync(configuration, dataDirectory, loggerFactory, cancellationToken));
            parts.Add(await HeronSandboxMode.StartAsync(configuration, dataDirectory, loggerFactory, cancellationToken));
            return parts;
        }
        catch
        {
            foreach (var part in parts)
            {
                await part.DisposeAsync();
            }

            throw;
        }
    }
}
