using System.Text.Json;
using Tracker.Hosting;
using Tracker.Sandbox.Heron;
using Tracker.Sandbox.Heron.State;

namespace Tracker.Heron.Tests;

/// <summary>
/// Tracker started in-process on a free port with one file state manager named <c>local</c> over a
/// fresh temporary state root, plus a <see cref="HeronStateWriter"/> that writes into that root as
/// Heron's processes would.
/// </summary>
public sealed class HeronTracker : IAsyncDisposable
{
    private readonly string _directory;

    private HeronTracker(TrackerApp app, string directory, string stateRoot, IHeronStateStore store)
    {
        App = app;
        _directory = directory;
        StateRoot = stateRoot;
        Writer = new HeronStateWriter(store);
        Http = new HttpClient { BaseAddress = app.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public TrackerApp App { get; }

    public HttpClient Http { get; }

    public string StateRoot { get; }

    public HeronStateWriter Writer { get; }

    public static Task<HeronTracker> StartFileAsync(params string[] extraArgs)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tracker-heron-tests", Guid.NewGuid().ToString("N"));
        var stateRoot = Path.Combine(directory, "state");
        Directory.CreateDirectory(stateRoot);
        return StartAsync(directory, stateRoot, new FileHeronStateStore(stateRoot),
            ["--Heron:StateManagers:0:Type", "file", "--Heron:StateManagers:0:Name", "local", "--Heron:StateManagers:0:RootPath", stateRoot, .. extraArgs]);
    }

    /// <summary>A tracker with one ZooKeeper state manager named <c>local</c> at <paramref name="root"/>, and a writer with its own session.</summary>
    public static async Task<HeronTracker> StartZooKeeperAsync(string hostPort, string root, params string[] extraArgs)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tracker-heron-tests", Guid.NewGuid().ToString("N"));
        var store = await ZooKeeperHeronStateStore.ConnectAsync(hostPort, root, CancellationToken.None);
        try
        {
            return await StartAsync(directory, root, store,
                ["--Heron:StateManagers:0:Type", "zookeeper", "--Heron:StateManagers:0:Name", "local",
                 "--Heron:StateManagers:0:HostPort", hostPort, "--Heron:StateManagers:0:RootPath", root, .. extraArgs]);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public static async Task<HeronTracker> StartAsync(string directory, string stateRoot, IHeronStateStore store, string[] args)
    {
        string[] all =
        [
            "--urls", "http://127.0.0.1:0",
            "--Tracker:DataDirectory", Path.Combine(directory, "data"),
            "--Logging:LogLevel:Default", "Warning",
            .. args,
        ];
        return new HeronTracker(await TrackerHost.StartAsync(all), directory, stateRoot, store);
    }

    /// <summary>Writes a demo topology's complete state, with the given shell and stats ports.</summary>
    public async Task<DemoState> SubmitAsync(DemoTopology topology, int? statsPort = 17001, int firstShellPort = 18001, bool ephemeralLocations = true)
    {
        var shells = Enumerable.Range(1, topology.Containers).ToDictionary(c => c, c => firstShellPort + c - 1);
        var directories = Enumerable.Range(1, topology.Containers).ToDictionary(c => c, c => $"/sandbox/{topology.Name}/{c}");
        var state = DemoState.Build(topology, new DemoEndpoints(statsPort, shells, directories), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        await Writer.WriteTopologyAsync(state, CancellationToken.None, ephemeralLocations);
        return state;
    }

    /// <summary>
    /// Writes the TManager location from a ZooKeeper session of its own, as a TManager process does;
    /// disposing the result ends that session and ZooKeeper removes the ephemeral node.
    /// </summary>
    public async Task<IAsyncDisposable> WriteTManagerOfItsOwnAsync(DemoState state)
    {
        var store = Writer.Store as ZooKeeperHeronStateStore ?? throw new InvalidOperationException("Only ZooKeeper state has sessions.");
        var own = await ZooKeeperHeronStateStore.ConnectAsync(store.HostPort, store.Root, CancellationToken.None);
        await new HeronStateWriter(own).WriteAsync(HeronStateWriter.TManagers, state.Topology.Name, state.TManagerLocation, CancellationToken.None, ephemeral: true);
        return own;
    }

    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(string path)
    {
        var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body, response);
    }

    /// <summary>Polls <paramref name="path"/> until <paramref name="condition"/> holds or <paramref name="within"/> passes.</summary>
    public async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> condition, TimeSpan within)
    {
        return await Eventually.MatchesAsync(
            async () => (await GetAsync(path)).Body, condition, within, $"{path} to reach the expected state", TimeSpan.FromMilliseconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await Writer.Store.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file the OS still holds must not fail a test that passed.
        }
    }
}
