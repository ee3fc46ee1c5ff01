using Tracker.Hosting;

namespace Tracker.Jobs.Tests.Support;

/// <summary>
/// The whole Tracker host started in-process on a free port, optionally with <c>--sandbox</c>, on a data
/// directory the test may reuse for a restart.
/// </summary>
internal sealed class TrackerProcess : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private TrackerProcess(TrackerApp app, string dataDirectory, bool ownsDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        this._ownsDirectory = ownsDirectory;
    }

    public TrackerApp App { get; }

    public string DataDirectory { get; }

    public Uri Url => App.Url;

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "tracker-jobs-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Starts with the sandbox and a short poll interval, as the end-to-end tests need.</summary>
    public static Task<TrackerProcess> StartWithSandboxAsync(params string[] extraArgs)
        => StartAsync(NewDataDirectory(), ownsDirectory: true, ["--sandbox", "--Sandbox:Port", "0", "--Jobs:Tracking:PollInterval", "00:00:00.200", .. extraArgs]);

    public static async Task<TrackerProcess> StartAsync(string dataDirectory, bool ownsDirectory, string[] extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Tracker:DataDirectory", dataDirectory,
            "--Logging:LogLevel:Default", "Warning",
            .. extraArgs,
        ];
        return new TrackerProcess(await TrackerHost.StartAsync(args), dataDirectory, ownsDirectory);
    }

    public T Service<T>()
        where T : notnull
        => (T)App.Services.GetService(typeof(T))!;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (!_ownsDirectory)
        {
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file the OS still holds must not fail a test that passed.
        }
    }
}
