using Microsoft.Extensions.DependencyInjection;
using Tracker.Upstream;

namespace Tracker.Heron.Metrics;

/// <summary>Registers the TManager client, its options and its circuit breakers (one per TManager host:port).</summary>
internal static class MetricsServices
{
    public static IServiceCollection AddHeronMetrics(this IServiceCollection services)
    {
        services.AddOptions<TManagerOptions>().BindConfiguration(TManagerOptions.Section)
            .Validate(o => o.Timeout > TimeSpan.Zero && o.MetricsCacheDuration >= TimeSpan.Zero, $"{TManagerOptions.Section}: Timeout must be positive and MetricsCacheDuration not negative.")
            .ValidateOnStart();
        services.TryAddTimeProvider();
        // TManagers run on cluster hosts: no proxy, and a host that does not accept within 5 s is down.
        services.AddUpstreamHttpClient(TManagerClient.HttpClientName, new UpstreamConnection(TimeSpan.FromSeconds(5)));
        services.AddUpstreamCircuits(
            TManagerClient.HttpClientName, "TManager", $"{TManagerOptions.Section}:CircuitBreaker", UpstreamCircuitRules.IsFailure);
        services.AddSingleton<TManagerClient>();
        services.AddSingleton<IMetricTimelineSource>(sp => sp.GetRequiredService<TManagerClient>());
        return services;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
