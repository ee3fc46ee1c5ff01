using Microsoft.Extensions.DependencyInjection.Extensions;
using Tracker.Hadoop.Gateway;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;
using Tracker.Hadoop.Yarn;
using Tracker.Upstream;

namespace Tracker.Hadoop;

public static class KnoxGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IOozieClient"/>, <see cref="IWebHdfsClient"/> and <see cref="IResourceManagerClient"/>
    /// with <see cref="KnoxGatewayOptions"/> bound from <paramref name="configSectionPath"/> (e.g. <c>Jobs:Gateway</c>).
    /// </summary>
    public static IServiceCollection AddKnoxGateway(this IServiceCollection services, string configSectionPath)
    {
        services.AddOptions<KnoxGatewayOptions>()
            .BindConfiguration(configSectionPath)
            // No URL at all is allowed (the jobs API then answers 503 "not configured"); a relative one is a mistake.
            .Validate(o => o.Url is null || o.Url.IsAbsoluteUri, $"{configSectionPath}:Url must be an absolute URL of the Knox gateway.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.MaxRetries >= 0 && o.RetryDelay >= TimeSpan.Zero, $"{configSectionPath}: RequestTimeout must be positive, MaxRetries and RetryDelay not negative.")
            .ValidateOnStart();
        return services.AddKnoxGatewayClients($"{configSectionPath}:CircuitBreaker");
    }

    /// <summary>As <see cref="AddKnoxGateway(IServiceCollection, string)"/>, configured in code (tests, tools).</summary>
    public static IServiceCollection AddKnoxGateway(this IServiceCollection services, Action<KnoxGatewayOptions> configure)
    {
        services.AddOptions<KnoxGatewayOptions>().Configure(configure);
        return services.AddKnoxGatewayClients(null);
    }

    /// <param name="circuitSection">Where the breakers' <see cref="CircuitBreakerSettings"/> are bound from; null keeps the defaults.</param>
    private static IServiceCollection AddKnoxGatewayClients(this IServiceCollection services, string? circuitSection)
    {
        services.TryAddSingleton(TimeProvider.System);
        // The gateway may sit across networks, behind the system proxy; a Knox node that does not accept within
        // 10 s is down. Per-attempt timeouts, retries and the breakers are KnoxHttp's (they must see each attempt).
        services.AddUpstreamHttpClient<KnoxHttp>(new UpstreamConnection(TimeSpan.FromSeconds(10), UseProxy: true));
        services.AddUpstreamHttpClient<KnoxGatewayProbe>(new UpstreamConnection(KnoxGatewayProbe.MaxWait, UseProxy: true));
        services.AddUpstreamCircuits(KnoxCircuits.Key, "Knox service", circuitSection, KnoxCircuits.IsFailure, KnoxCircuits.Defaults);
        services.TryAddTransient<IOozieClient, OozieClient>();
        services.TryAddTransient<IWebHdfsClient, WebHdfsClient>();
        services.TryAddTransient<IResourceManagerClient, ResourceManagerClient>();
        return services;
    }
}
