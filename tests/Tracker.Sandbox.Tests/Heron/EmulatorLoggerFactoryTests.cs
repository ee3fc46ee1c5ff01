using Microsoft.Extensions.Logging;
using Tracker.Sandbox.Heron;

namespace Tracker.Sandbox.Tests.Heron;

/// <summary>The emulators log warnings and errors through the factory they are given, which they share and never dispose.</summary>
public sealed class EmulatorLoggerFactoryTests
{
    [Fact]
    public void Warnings_and_errors_reach_the_shared_factory_and_request_chatter_does_not()
    {
        var provider = new RecordingProvider();
        using var shared = LoggerFactory.Create(l => l.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        var emulator = new EmulatorLoggerFactory(shared);

        var logger = emulator.CreateLogger("Microsoft.AspNetCore.Server.Kestrel");
        logger.LogInformation("Request starting");
        logger.LogWarning("Slow request");
        logger.LogError("Unhandled exception");

        Assert.Equal(["Warning Slow request", "Error Unhandled exception"], provider.Lines);
        Assert.False(logger.IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void The_emulator_app_disposing_its_factory_leaves_the_shared_one_working()
    {
        var provider = new RecordingProvider();
        using var shared = LoggerFactory.Create(l => l.AddProvider(provider));
        var emulator = new EmulatorLoggerFactory(shared);

        // A web app disposes its ILoggerFactory singleton and may add providers to it; neither reaches the shared one.
        emulator.AddProvider(new RecordingProvider());
        emulator.Dispose();
        shared.CreateLogger("after").LogWarning("still logging");

        Assert.Equal(["Warning still logging"], provider.Lines);
        Assert.False(provider.Disposed);
    }

    private sealed class RecordingProvider : ILoggerProvider
    {
        private readonly List<string> _lines = [];

        public bool Disposed { get; private set; }

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Recording(this);

        public void Dispose() => Disposed = true;

        private sealed class Recording(RecordingProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (provider._lines)
                {
                    provider._lines.Add($"{logLevel} {formatter(state, exception)}");
                }
            }
        }
    }
}
