using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;

namespace Tracker.Upstream;

public static class UpstreamCircuitsServices
{
    /// <summary>
    /// Registers an <see cref="UpstreamCircuits"/> as a keyed singleton under <paramref name="key"/> (inject it with
    /// <c>[FromKeyedServices(key)]</c>), its <see cref="CircuitBreakerSettings"/> bound from <paramref name="configSection"/>
    /// over <paramref name="defaults"/>, validated at start. The breakers run on the container's <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddUpstreamCircuits(
        this IServiceCollection services,
        string key,
        string upstream,
        string? configSection,
        Func<Outcome<object>, bool> isFailure,
        Action<CircuitBreakerSettings>? defaults = null)
    {
        var options = services.AddOptions<CircuitBreakerSettings>(key);
        if (defaults is not null)
        {
            options.Configure(defaults);
        }

        if (configSection is not null)
        {
            options.BindConfiguration(configSection);
        }

        options.Validate(s => s.Problem() is null, $"{configSection ?? key}: invalid circuit breaker settings (FailureRatio in (0, 1], MinimumThroughput at least 2, durations at least 0.5 s).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton(key, (sp, _) => new UpstreamCircuits(
            upstream,
            sp.GetRequiredService<IOptionsMonitor<CircuitBreakerSettings>>().Get(key),
            isFailure,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger($"Tracker.Upstream.Circuits.{key}")));
        return services;
    }
}
