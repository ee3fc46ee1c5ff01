using System.Collections.Concurrent;
using Polly;
using Polly.CircuitBreaker;

namespace Tracker.Upstream;

/// <summary>
/// One circuit breaker per upstream key (a Knox service, a TManager's or heron-shell's host:port), created on first
/// use and kept for the process's life. Callers run each attempt through <see cref="For"/>: while a key's circuit is
/// open the attempt fails at once with <see cref="BrokenCircuitException"/> instead of waiting for a connect or
/// read timeout of a host known to be down. Opening is logged at Warning, half-opening and closing at Information.
/// </summary>
public sealed partial class UpstreamCircuits
{
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _pipelines = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _upstream;
    private readonly CircuitBreakerSettings _settings;
    private readonly Func<Outcome<object>, bool> _isFailure;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="upstream">What the keys name, for the log ("Knox service", "TManager", "heron-shell").</param>
    /// <param name="isFailure">Which outcomes count against the circuit: upstream faults, never the caller's cancellation or a 4xx.</param>
    public UpstreamCircuits(string upstream, CircuitBreakerSettings settings, Func<Outcome<object>, bool> isFailure, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        _upstream = upstream;
        _settings = settings;
        _isFailure = isFailure;
        _time = time;
        _logger = logger;
    }

    /// <summary>The pipeline (just the breaker, or nothing when disabled) of <paramref name="key"/>.</summary>
    public ResiliencePipeline For(string key) =>
        _settings.Enabled ? _pipelines.GetOrAdd(key, Build) : ResiliencePipeline.Empty;

    private ResiliencePipeline Build(string key) =>
        new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = _settings.FailureRatio,
                MinimumThroughput = _settings.MinimumThroughput,
                SamplingDuration = _settings.SamplingDuration,
                BreakDuration = _settings.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(_isFailure(args.Outcome)),
                OnOpened = args =>
                {
                    LogOpened(_upstream, key, args.BreakDuration, Describe(args.Outcome));
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    LogHalfOpened(_upstream, key);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogClosed(_upstream, key);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    private static string Describe(Outcome<object> outcome) => outcome switch
    {
        { Exception: { } e } => $"{e.GetType().Name}: {e.Message}",
        { Result: HttpResponseMessage response } => $"HTTP {(int)response.StatusCode}",
        _ => "failed",
    };

    [LoggerMessage(EventId = EventIds.Opened, Level = LogLevel.Warning,
        Message = "Circuit of {Upstream} {Key} opened for {BreakDuration} after too many failures (last: {LastFailure}); calls fail at once until a trial call succeeds")]
    private partial void LogOpened(string upstream, string key, TimeSpan breakDuration, string lastFailure);

    [LoggerMessage(EventId = EventIds.HalfOpened, Level = LogLevel.Information, Message = "Circuit of {Upstream} {Key} half-open: letting a trial call through")]
    private partial void LogHalfOpened(string upstream, string key);

    [LoggerMessage(EventId = EventIds.Closed, Level = LogLevel.Information, Message = "Circuit of {Upstream} {Key} closed: calls flow again")]
    private partial void LogClosed(string upstream, string key);
}
