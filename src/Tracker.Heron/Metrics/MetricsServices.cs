using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Tracker.Heron.Metrics;

/// <summary>Registers the TManager client and its options.</summary>
internal static class MetricsServices
{
    public static IServiceCollection AddHeronMetrics(this IServiceCollection services)
    {
        services.AddOptions<TManagerOptions>().BindConfiguration(TManagerOptions.Section)
            .Validate(o => o.Timeout > TimeSpan.Zero && o.MetricsCacheDuration >= TimeSpan.Zero, $"{TManagerOptions.Section}: Timeout must be positive and MetricsCacheDuration not negative.")
            .ValidateOnStart();
        services.TryAddTimeProvider();
        services.AddHttpClient(TManagerClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Keep connections to each TManager open and reused; recycle them now and then so
                // a TManager that moved (new location after a restart) is not pinned by DNS.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                ConnectTimeout = TimeSpan.FromSeconds(5),
                AutomaticDecompression = DecompressionMethods.None,
                UseProxy = false,
            })
            // The client's own timeout and cancellation decide; the factory's handler lifetime is moot with a pooled SocketsHttpHandler.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
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
