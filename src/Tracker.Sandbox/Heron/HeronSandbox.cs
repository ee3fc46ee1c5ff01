using Tracker.Sandbox.Heron.State;

namespace Tracker.Sandbox.Heron;

/// <summary>A started emulator process: the port it listens on and how to stop it.</summary>
public sealed record RunningEmulator(int Port, IAsyncDisposable Process);

/// <summary>
/// How the sandbox starts the TManager (one per topology) and heron-shell (one per container)
/// emulators. A null result means "not running": the port is then left out of the state, as a
/// real TManager without a stats port or a stream manager without a shell would.
/// </summary>
public sealed record HeronSandboxEmulators(
    Func<DemoTopology, CancellationToken, Task<RunningEmulator?>> StartTManager,
    Func<DemoTopology, int, string, CancellationToken, Task<RunningEmulator?>> StartShell)
{
    public static HeronSandboxEmulators None { get; } = new(
        (_, _) => Task.FromResult<RunningEmulator?>(null),
        (_, _, _, _) => Task.FromResult<RunningEmulator?>(null));
}

/// <summary>
/// The Heron side of the emulated cluster: per demo topology a TManager emulator and one
/// heron-shell emulator per container, and the topology's state written into every given state
/// store with their ports, as Heron's submitter, scheduler and TManager would write it.
/// </summary>
public sealed class HeronSandbox : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _parts;

    private HeronSandbox(IReadOnlyList<DemoState> states, List<IAsyncDisposable> parts)
    {
        States = states;
        _parts = parts;
    }

    /// <summary>The state written for each demo topology, with the published ports.</summary>
    public IReadOnlyList<DemoState> States { get; }

    public static async Task<HeronSandbox> StartAsync(
        IReadOnlyList<DemoTopology> topologies,
        IReadOnlyList<IHeronStateStore> stores,
        HeronSandboxEmulators emulators,
        string containersDirectory,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var parts = new List<IAsyncDisposable>();
        try
        {
            var states = new List<DemoState>();
            foreach (var topology in topologies)
            {
                var tmanager = await emulators.StartTManager(topology, cancellationToken);
                if (tmanager is not null)
                {
                    parts.Add(tmanager.Process);
                }

                var shellPorts = new Dictionary<int, int>();
                var directories = new Dictionary<int, string>();
                for (var container = 1; container <= topology.Containers; container++)
                {
                    var directory = Path.Combine(containersDirectory, topology.Name, container.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Directory.CreateDirectory(directory);
                    directories[container] = directory;
                    var shell = await emulators.StartShell(topology, container, directory, cancellationToken);
                    if (shell is not null)
                    {
                        parts.Add(shell.Process);
                        shellPorts[container] = shell.Port;
                    }
                }

                var state = DemoState.Build(topology, new DemoEndpoints(tmanager?.Port, shellPorts, directories), time.GetUtcNow());
                foreach (var store in stores)
                {
                    await new HeronStateWriter(store).WriteTopologyAsync(state, cancellationToken);
                }

                states.Add(state);
            }

            // Stores go last: ZooKeeper sessions holding ephemeral nodes outlive the processes they announce.
            parts.AddRange(stores);
            return new HeronSandbox(states, parts);
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

    public async ValueTask DisposeAsync()
    {
        foreach (var part in _parts)
        {
            await part.DisposeAsync();
        }
    }
}
