using Tracker.Hosting;

namespace Tracker.Tests.Hosting;

/// <summary>A Tracker started in-process on a free port with its own data directory, removed afterwards.</summary>
public sealed class RunningTracker : IAsyncDisposable
{
    private RunningTracker(TrackerApp app, string dataDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = app.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public TrackerApp App { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    public static async Task<RunningTracker> StartAsync(params string[] extraArgs)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "tracker-tests", Guid.NewGuid().ToString("N"));
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Tracker:DataDirectory", dataDirectory,
            "--Logging:LogLevel:Default", "Warning",
            .. extraArgs,
        ];
        return new RunningTracker(await TrackerHost.StartAsync(args), dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS must not fail the test that just passed.
        }
    }
}
