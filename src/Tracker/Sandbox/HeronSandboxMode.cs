using Tracker.Heron;
using Tracker.Sandbox.Heron;
using Tracker.Sandbox.Heron.State;

namespace Tracker.Sandbox;

/// <summary>
/// Writes the demo topologies into every configured state manager (file or ZooKeeper, at its root
/// path) as Heron's submitter and TManager would, with the ports of their TManager and heron-shell
/// emulators. With no state manager configured it adds a file state manager named <c>local</c>
/// rooted at <c>{dataDirectory}/sandbox/heron/state</c>.
/// </summary>
public static class HeronSandboxMode
{
    public const string LocalStateManager = "local";

    public static async Task<IAsyncDisposable> StartAsync(
        ConfigurationManager configuration, string dataDirectory, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var root = Path.Combine(dataDirectory, "sandbox", "heron");
        var locations = configuration.GetSection($"{HeronOptions.Section}:{nameof(HeronOptions.StateManagers)}").Get<List<StateManagerOptions>>() ?? [];
        if (locations.Count == 0)
        {
            var local = new StateManagerOptions { Type = StateManagerOptions.File, Name = LocalStateManager, RootPath = Path.Combine(root, "state") };
            var prefix = $"{HeronOptions.Section}:{nameof(HeronOptions.StateManagers)}:0";
            configuration[$"{prefix}:{nameof(StateManagerOptions.Type)}"] = local.Type;
            configuration[$"{prefix}:{nameof(StateManagerOptions.Name)}"] = local.Name;
            configuration[$"{prefix}:{nameof(StateManagerOptions.RootPath)}"] = local.RootPath;
            locations.Add(local);
        }

        var stores = new List<IHeronStateStore>();
        try
        {
            foreach (var location in locations)
            {
                stores.Add(await OpenStoreAsync(location, cancellationToken));
            }

            // The TManager and heron-shell emulators whose ports the state publishes.
            var emulators = HeronEmulators.Create(TimeProvider.System, loggerFactory);
            return await HeronSandbox.StartAsync(
                DemoTopologies.All, stores, emulators, Path.Combine(root, "containers"), TimeProvider.System, cancellationToken);
        }
        catch
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }

            throw;
        }
    }

    private static async Task<IHeronStateStore> OpenStoreAsync(StateManagerOptions location, CancellationToken cancellationToken)
        => location.Type.ToLowerInvariant() switch
        {
            StateManagerOptions.File => new FileHeronStateStore(Tracker.Heron.State.StateRoot.ExpandHome(location.RootPath)),
            StateManagerOptions.ZooKeeper => await ZooKeeperHeronStateStore.ConnectAsync(location.HostPort ?? "", location.RootPath, cancellationToken),
            _ => throw new InvalidOperationException($"The sandbox cannot write Heron state into a '{location.Type}' state manager."),
        };
}
