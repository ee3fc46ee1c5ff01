using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tracker.Sandbox.Heron;

/// <summary>
/// What an emulator logs through: warnings and errors only (the emulated processes' request
/// chatter is not the tracker's), and never failing when the factory the caller passed has been
/// disposed (the host builds a short-lived factory for starting the sandbox, and a Kestrel app
/// creates loggers lazily, long after that).
/// </summary>
internal sealed class EmulatorLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private ILogger? Create(string categoryName)
    {
        try
        {
            return inner.CreateLogger(categoryName);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    private sealed class Logger(EmulatorLoggerFactory factory, string category) : ILogger
    {
        private ILogger? _inner;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            try
            {
                (_inner ??= factory.Create(category) ?? NullLogger.Instance).Log(logLevel, eventId, state, exception, formatter);
            }
            catch (ObjectDisposedException)
            {
                _inner = NullLogger.Instance;
            }
        }
    }
}
