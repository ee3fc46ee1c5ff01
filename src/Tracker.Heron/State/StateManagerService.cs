using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tracker.Heron.Telemetry;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.State;

/// <summary>
/// Creates every configured state manager once (the reference started them twice, §7.8), starts
/// them before the API serves, and stops them with the host.
/// </summary>
internal sealed partial class StateManagerService(
    IOptions<HeronOptions> options,
    TopologyRegistry registry,
    TimeProvider time,
    ILoggerFactory loggers,
    HeronMetrics? metrics = null) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<StateManagerService>();
    private readonly List<IStateManager> _started = [];
    private volatile IReadOnlyDictionary<string, IStateManager> _byName = new Dictionary<string, IStateManager>();

    /// <summary>Where the named state manager stands; <see cref="StateManagerStatus.NotStarted"/> before it started or after it stopped.</summary>
    public StateManagerStatus StatusOf(string name)
        => _byName.TryGetValue(name, out var manager) ? manager.Status : StateManagerStatus.NotStarted;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var heron = options.Value;
        foreach (var location in heron.StateManagers)
        {
            registry.AddStateManager(location.Name);
        }

        foreach (var location in heron.StateManagers)
        {
            var manager = Create(location, heron);
            await manager.StartAsync(cancellationToken);
            _started.Add(manager);
            _byName = _started.ToDictionary(m => m.Name, StringComparer.Ordinal);
        }

        LogStarted(_started.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        _byName = new Dictionary<string, IStateManager>();
        foreach (var manager in _started)
        {
            await manager.DisposeAsync();
        }

        _started.Clear();
    }

    private IStateManager Create(StateManagerOptions location, HeronOptions heron)
        => location.Type.ToLowerInvariant() switch
        {
            StateManagerOptions.File => new FileStateManager(location, heron.FilePollInterval, heron.FileSystemEvents, registry, loggers.CreateLogger<FileStateManager>()),
            StateManagerOptions.ZooKeeper => new ZooKeeperStateManager(
                location, registry, time, loggers.CreateLogger<ZooKeeperStateManager>(), loggers, metrics?.ZooKeeperMeter),
            _ => throw new InvalidOperationException($"State manager type '{location.Type}' is not supported."),
        };

    [LoggerMessage(EventId = EventIds.Started, Level = LogLevel.Information, Message = "Started {Count} Heron state manager(s)")]
    private partial void LogStarted(int count);
}
