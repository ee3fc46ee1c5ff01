using Microsoft.Extensions.DependencyInjection;

namespace Tracker.Heron.Shell;

/// <summary>Registers the heron-shell client and its options.</summary>
internal static class ShellServices
{
    public static IServiceCollection AddHeronShell(this IServiceCollection services)
    {
        services.AddOptions<HeronShellOptions>().BindConfiguration(HeronShellOptions.Section)
            .Validate(o => o.Timeout > TimeSpan.Zero && o.JmapTimeout > TimeSpan.Zero, $"{HeronShellOptions.Section}: Timeout and JmapTimeout must be positive.")
            .ValidateOnStart();
        services.AddHttpClient(HeronShellClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                ConnectTimeout = TimeSpan.FromSeconds(5),
                UseProxy = false,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton<HeronShellClient>();
        return services;
    }
}
