using Microsoft.Extensions.DependencyInjection.Extensions;
using Tracker.Hadoop.Gateway;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;
using Tracker.Hadoop.Yarn;

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
        return services.AddKnoxGatewayClients();
    }

    /// <summary>As <see cref="AddKnoxGateway(IServiceCollection, string)"/>, configured in code (tests, tools).</summary>
    public static IServiceCollection AddKnoxGateway(this IServiceCollection services, Action<KnoxGatewayOptions> configure)
    {
        services.AddOptions<KnoxGatewayOptions>().Configure(configure);
        return services.AddKnoxGatewayClients();
    }

    private static IServiceCollection AddKnoxGatewayClients(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<KnoxHttp>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // The DataNode step of CREATE and OPEN is followed by hand: the credentials must not travel
                // to a host other than the gateway, and CREATE must send its body only to the DataNode.
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            })
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient<KnoxGatewayProbe>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = KnoxGatewayProbe.MaxWait })
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddTransient<IOozieClient, OozieClient>();
        services.TryAddTransient<IWebHdfsClient, WebHdfsClient>();
        services.TryAddTransient<IResourceManagerClient, ResourceManagerClient>();
        return services;
    }
}
