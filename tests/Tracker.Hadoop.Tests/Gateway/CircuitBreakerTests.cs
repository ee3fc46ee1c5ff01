using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tracker.Hadoop.Gateway;
using Tracker.Hadoop.Oozie;
using Tracker.Upstream;

namespace Tracker.Hadoop.Tests.Gateway;

/// <summary>One circuit per Knox service: it opens on repeated 5xx, fails calls without sending them, and closes after a trial.</summary>
public sealed class CircuitBreakerTests
{
    private static readonly KnoxCredentials Alice = KnoxCredentials.Basic("alice", "alice-secret");

    [Fact]
    public async Task A_failing_Oozie_opens_its_circuit_alone_and_a_trial_after_the_break_closes_it()
    {
        var oozieUp = false;
        await using var server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            if (!context.Request.Path.Value!.Contains("/oozie/", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (!Volatile.Read(ref oozieUp))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Contract.ReferenceExamples.StatusAnswer);
        });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturedLogs();
        await using var provider = Services(server, time, logs, maxRetries: 0);
        var oozie = provider.GetRequiredService<IOozieClient>();

        for (var i = 0; i < 2; i++)
        {
            var failed = await Assert.ThrowsAnyAsync<HadoopUpstreamException>(() => oozie.GetJobStatusAsync(Alice, "0000001-1-oozie-W"));
            Assert.IsNotType<HadoopCircuitOpenException>(failed);
        }

        Assert.Equal(2, server.Attempts);

        // Open: the call fails at once, without reaching the gateway, and says so at Warning.
        var held = await Assert.ThrowsAsync<HadoopCircuitOpenException>(() => oozie.GetJobStatusAsync(Alice, "0000001-1-oozie-W"));
        Assert.Equal(HadoopService.Oozie, held.Service);
        Assert.Equal(2, server.Attempts);
        var opened = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("opened", StringComparison.Ordinal));
        Assert.Contains("oozie", opened.Message, StringComparison.Ordinal);

        // The ResourceManager's circuit is its own: its call still goes out (and gets its own 404).
        var other = await Assert.ThrowsAnyAsync<HadoopUpstreamException>(() => provider.GetRequiredService<Tracker.Hadoop.Yarn.IResourceManagerClient>().GetClusterInfoAsync(Alice));
        Assert.IsNotType<HadoopCircuitOpenException>(other);
        Assert.Equal(3, server.Attempts);

        // Oozie recovers; once the break has passed a trial call goes through and closes the circuit.
        Volatile.Write(ref oozieUp, true);
        time.Advance(TimeSpan.FromSeconds(9));
        await Assert.ThrowsAsync<HadoopCircuitOpenException>(() => oozie.GetJobStatusAsync(Alice, "0000001-1-oozie-W"));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.IsType<OozieLookup<string>.Found>(await oozie.GetJobStatusAsync(Alice, "0000001-1-oozie-W"));
        Assert.IsType<OozieLookup<string>.Found>(await oozie.GetJobStatusAsync(Alice, "0000001-1-oozie-W"));
        Assert.Equal(5, server.Attempts);
        Assert.Contains(logs.Entries, e => e.Message.Contains("closed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retries_stop_at_an_open_circuit()
    {
        await using var server = await ScriptedServer.AnsweringAsync(StatusCodes.Status502BadGateway);
        await using var provider = Services(server, TimeProvider.System, new CapturedLogs(), maxRetries: 3);

        // Two failed attempts open the circuit; the third attempt is not sent and not retried.
        await Assert.ThrowsAsync<HadoopCircuitOpenException>(() => provider.GetRequiredService<IOozieClient>().GetJobStatusAsync(Alice, "0000001-1-oozie-W"));

        Assert.Equal(2, server.Attempts);
    }

    [Fact]
    public void Settings_outside_Pollys_limits_are_refused_at_start()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKnoxGateway(o => o.Url = new Uri("http://127.0.0.1:1/gateway/sandbox"));
        services.Configure<CircuitBreakerSettings>(KnoxCircuits.Key, s => s.MinimumThroughput = 1);
        using var provider = services.BuildServiceProvider();

        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredKeyedService<UpstreamCircuits>(KnoxCircuits.Key));
    }

    private static ServiceProvider Services(ScriptedServer server, TimeProvider time, CapturedLogs logs, int maxRetries)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddLogging(l => l.AddProvider(logs));
        services.AddKnoxGateway(o =>
        {
            o.Url = new Uri(server.Url, "gateway/sandbox");
            o.RequestTimeout = TimeSpan.FromSeconds(5);
            o.MaxRetries = maxRetries;
            o.RetryDelay = TimeSpan.FromMilliseconds(20);
        });
        services.Configure<CircuitBreakerSettings>(KnoxCircuits.Key, s =>
        {
            s.MinimumThroughput = 2;
            s.FailureRatio = 0.5;
            s.BreakDuration = TimeSpan.FromSeconds(10);
        });
        return services.BuildServiceProvider();
    }

    private sealed record Entry(string Category, LogLevel Level, string Message);

    /// <summary>Keeps every log line, so a test can see the breaker's own.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IReadOnlyCollection<Entry> Entries => _entries.ToArray();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => entries.Enqueue(new Entry(category, logLevel, formatter(state, exception)));
        }
    }
}
