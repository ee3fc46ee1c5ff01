using Microsoft.Extensions.Logging;

namespace Tracker.Sandbox.Heron;

/// <summary>
/// What an emulator logs through: the caller's factory (with <c>--sandbox</c>, the one the sandbox configures
/// for all its emulators, see <c>SandboxMode</c>), warnings and errors only (the emulated processes' request
/// chatter is not the tracker's). The emulator's web app neither adds providers to it nor disposes it: the
/// factory is shared and outlives the emulator.
/// </summary>
internal sealed class EmulatorLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
