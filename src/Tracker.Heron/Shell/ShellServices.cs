using Microsoft.Extensions.DependencyInjection;
using Tracker.Heron.Metrics;
using Tracker.Upstream;

namespace Tracker.Heron.Shell;

/// <summary>Registers the heron-shell client, its options and its circuit breakers (one per shell host:port).</summary>
internal static class ShellServices
{
    public static IServiceCollection AddHeronShell(this IServiceCollection services)
    {
        services.AddOptions<HeronShellOptions>().BindConfiguration(HeronShellOptions.Section)
            .Validate(o => o.Timeout > TimeSpan.Zero && o.JmapTimeout > TimeSpan.Zero, $"{HeronShellOptions.Section}: Timeout and JmapTimeout must be positive.")
            .ValidateOnStart();
        services.AddUpstreamHttpClient(HeronShellClient.HttpClientName, new UpstreamConnection(TimeSpan.FromSeconds(5)));
        services.AddUpstreamCircuits(
            HeronShellClient.HttpClientName, "heron-shell", $"{HeronShellOptions.Section}:CircuitBreaker", UpstreamCircuitRules.IsFailure);
        services.AddSingleton<HeronShellClient>();
        return services;
    }
}
