using Microsoft.Extensions.Logging;

namespace Tracker.Sandbox.Heron;

/// <summary>
/// The real emulators for <see cref="HeronSandbox"/>: a <see cref="TManagerEmulator"/> per topology and
/// a <see cref="HeronShellEmulator"/> per container, for <c>--sandbox</c>
/// (<c>HeronSandbox.StartAsync(..., HeronEmulators.Create(TimeProvider.System, loggers), ...)</c>).
/// </summary>
public static class HeronEmulators
{
    public static HeronSandboxEmulators Create(TimeProvider time, ILoggerFactory loggers) => new(
        async (topology, ct) =>
        {
            var tmanager = await TManagerEmulator.StartAsync(topology, time, loggers, ct);
            return new RunningEmulator(tmanager.Port, tmanager);
        },
        async (topology, container, directory, ct) =>
        {
            var shell = await HeronShellEmulator.StartAsync(topology, container, directory, loggers, ct);
            return new RunningEmulator(shell.Port, shell);
        });
}
