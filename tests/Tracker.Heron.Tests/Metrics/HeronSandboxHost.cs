using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tracker.Heron.Topologies;
using Tracker.Hosting;
using Tracker.Sandbox.Heron.State;
using Tracker.Sandbox.Heron;

namespace Tracker.Heron.Tests.Metrics;

/// <summary>
/// A demo topology with its TManager and heron-shell emulators, its state written into a file
/// state root as Heron writes it, and a Tracker started in-process that reads that root. Tests
/// reach the emulators' data through <see cref="TManager"/> and <see cref="Shells"/>.
/// </summary>
public sealed class HeronSandboxHost : IAsyncDisposable
{
    private readonly string _directory;
    private readonly HeronSandbox _sandbox;

    private HeronSandboxHost(string directory, DemoTopology topology, FakeTimeProvider clock, HeronSandbox sandbox, TManagerEmulator tmanager, Dictionary<int, HeronShellEmulator> shells, TrackerApp app)
    {
        _directory = directory;
        _sandbox = sandbox;
        Topology = topology;
        Clock = clock;
        TManager = tmanager;
        Shells = shells;
        App = app;
        Http = new HttpClient { BaseAddress = app.Url, Timeout = TimeSpan.FromSeconds(60) };
        Writer = new HeronStateWriter(new FileHeronStateStore(StateRoot));
    }

    public DemoTopology Topology { get; }

    public FakeTimeProvider Clock { get; }

    public TManagerEmulator TManager { get; }

    public IReadOnlyDictionary<int, HeronShellEmulator> Shells { get; }

    public TrackerApp App { get; }

    public HttpClient Http { get; }

    public HeronStateWriter Writer { get; }

    public string StateRoot => Path.Combine(_directory, "state");

    /// <summary>The emulated TManager's "now" in unix seconds.</summary>
    public long Now => Clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary><c>cluster=local&amp;environ=default&amp;topology=...</c>.</summary>
    public string Coordinates => $"cluster={Topology.Cluster}&environ={Topology.Environ}&topology={Topology.Name}";

    public static async Task<HeronSandboxHost> StartAsync(DemoTopology? demo = null, params string[] extraArgs)
    {
        var topology = demo ?? DemoTopologies.WordCount;
        var directory = Path.Combine(Path.GetTempPath(), "tracker-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        // An unaligned start, so bucket starts are not whole minutes even before the emulator nudges them.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_795_346_437));
        TManagerEmulator? tmanager = null;
        var shells = new Dictionary<int, HeronShellEmulator>();
        var emulators = new HeronSandboxEmulators(
            async (t, ct) =>
            {
                tmanager = await TManagerEmulator.StartAsync(t, clock, NullLoggerFactory.Instance, ct);
                return new RunningEmulator(tmanager.Port, tmanager);
            },
            async (t, container, dir, ct) =>
            {
                var shell = await HeronShellEmulator.StartAsync(t, container, dir, NullLoggerFactory.Instance, ct);
                shells[container] = shell;
                return new RunningEmulator(shell.Port, shell);
            });
        var sandbox = await HeronSandbox.StartAsync(
            [topology], [new FileHeronStateStore(Path.Combine(directory, "state"))], emulators, Path.Combine(directory, "containers"), clock, CancellationToken.None);
        TrackerApp? app = null;
        try
        {
            app = await TrackerHost.StartAsync(
            [
                "--urls", "http://127.0.0.1:0",
                "--Tracker:DataDirectory", Path.Combine(directory, "data"),
                "--Logging:LogLevel:Default", "Warning",
                "--Heron:StateManagers:0:Type", "file",
                "--Heron:StateManagers:0:Name", "local",
                "--Heron:StateManagers:0:RootPath", Path.Combine(directory, "state"),
                .. extraArgs,
            ]);
            var host = new HeronSandboxHost(directory, topology, clock, sandbox, tmanager!, shells, app);
            await host.WaitForAsync(s => s is { PhysicalPlan: not null, TManagerLocation: not null });
            return host;
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            await sandbox.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls the registry until the topology's snapshot satisfies <paramref name="condition"/>, failing after 10 s.</summary>
    public async Task WaitForAsync(Func<TopologySnapshot, bool> condition)
    {
        var registry = App.Services.GetRequiredService<TopologyRegistry>();
        await Eventually.TrueAsync(
            () => registry.Find(Topology.Cluster, Topology.Environ, Topology.Name) is { } snapshot && condition(snapshot),
            "the topology's state to reach the tracker",
            TimeSpan.FromSeconds(10),
            TimeSpan.FromMilliseconds(50));
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string pathAndQuery)
    {
        var response = await Http.GetAsync(pathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response, document.RootElement.Clone());
    }

    /// <summary>GET in the envelope style: asserts success and returns <c>result</c>.</summary>
    public async Task<JsonElement> GetEnvelopeResultAsync(string pathAndQuery)
    {
        var (response, body) = await GetAsync(pathAndQuery);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal("", body.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Number, body.GetProperty("executiontime").ValueKind);
        Assert.True(body.TryGetProperty("tracker_version", out _));
        return body.GetProperty("result");
    }

    /// <summary>GET in the /v2 style: asserts 200 with <c>x-process-time</c> and returns the bare body.</summary>
    public async Task<JsonElement> GetUnwrappedAsync(string pathAndQuery)
    {
        var (response, body) = await GetAsync(pathAndQuery);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.True(double.TryParse(Assert.Single(response.Headers.GetValues("x-process-time")), System.Globalization.CultureInfo.InvariantCulture, out _));
        return body;
    }

    /// <summary>Asserts an error in the envelope style (status failure, a message, no result) and returns the message.</summary>
    public async Task<string> GetEnvelopeFailureAsync(string pathAndQuery, int status)
    {
        var (response, body) = await GetAsync(pathAndQuery);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("failure", body.GetProperty("status").GetString());
        Assert.False(body.TryGetProperty("result", out _));
        var message = body.GetProperty("message").GetString();
        Assert.False(string.IsNullOrEmpty(message));
        return message!;
    }

    /// <summary>Asserts an error in the /v2 style (<c>{"detail": ...}</c>) and returns the detail.</summary>
    public async Task<string> GetUnwrappedFailureAsync(string pathAndQuery, int status)
    {
        var (response, body) = await GetAsync(pathAndQuery);
        Assert.Equal(status, (int)response.StatusCode);
        var detail = body.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrEmpty(detail));
        return detail!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await _sandbox.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS must not fail the test that just passed.
        }
    }
}

/// <summary>One sandbox shared by the read-only tests of a class.</summary>
public sealed class SharedHeronSandbox : IAsyncLifetime
{
    public HeronSandboxHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await HeronSandboxHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
