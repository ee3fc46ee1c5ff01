using System.Net;

namespace Tracker.Upstream;

/// <summary>How one named or typed client connects; everything else is the shared default of <see cref="UpstreamHttp"/>.</summary>
/// <param name="ConnectTimeout">Time allowed to open a TCP connection (a dead host must fail fast, not after the OS's minutes).</param>
/// <param name="UseProxy">Whether the system proxy applies: yes for a gateway reached across networks, no for cluster hosts.</param>
public sealed record UpstreamConnection(TimeSpan ConnectTimeout, bool UseProxy = false);

/// <summary>
/// The one <see cref="SocketsHttpHandler"/> default for Tracker's upstream clients, built through
/// <see cref="IHttpClientFactory"/>. Timeouts are never the <see cref="HttpClient"/>'s: each client applies its own per
/// attempt (in a Polly pipeline or a linked token), so a timeout is reported as such and not as a cancellation.
/// </summary>
public static class UpstreamHttp
{
    /// <summary>Recycle pooled connections now and then, so a host that moved (a restarted TManager, a new Knox node behind DNS) is not pinned.</summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Close connections idle this long.</summary>
    public static readonly TimeSpan PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1);

    public static SocketsHttpHandler CreateHandler(UpstreamConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new SocketsHttpHandler
        {
            // Redirects are followed by hand where a protocol has them (WebHDFS's DataNode step): credentials must
            // not travel to another host, and no other upstream redirects.
            AllowAutoRedirect = false,
            PooledConnectionLifetime = PooledConnectionLifetime,
            PooledConnectionIdleTimeout = PooledConnectionIdleTimeout,
            ConnectTimeout = connection.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = connection.UseProxy,
        };
    }

    /// <summary>A named client with the shared default.</summary>
    public static IHttpClientBuilder AddUpstreamHttpClient(this IServiceCollection services, string name, UpstreamConnection connection)
        => services.AddHttpClient(name).WithUpstreamDefaults(connection);

    /// <summary>A typed client with the shared default.</summary>
    public static IHttpClientBuilder AddUpstreamHttpClient<TClient>(this IServiceCollection services, UpstreamConnection connection)
        where TClient : class
        => services.AddHttpClient<TClient>().WithUpstreamDefaults(connection);

    private static IHttpClientBuilder WithUpstreamDefaults(this IHttpClientBuilder builder, UpstreamConnection connection)
        => builder
            .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(connection))
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            // The pooled handler recycles its own connections; rotating handlers as well would only drop warm pools.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
}
