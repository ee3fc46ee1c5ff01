using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Tracker.Heron.State;

/// <summary>
/// Readiness of one Heron state manager (entry <c>heron-state-{name}</c>). Healthy: connected and caught up.
/// Degraded: it serves, but possibly stale (caught up once, source lost) or partial (connected, still
/// reading). Unhealthy: it serves nothing (neither connected nor caught up, or not started).
/// </summary>
internal sealed class StateManagerHealthCheck(StateManagerService managers, string name) : IHealthCheck
{
    public const string Prefix = "heron-state-";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(Judge(managers.StatusOf(name)));

    internal static HealthCheckResult Judge(StateManagerStatus status)
    {
        var data = new Dictionary<string, object>
        {
            ["connected"] = status.Connected,
            ["caughtUp"] = status.CaughtUp,
        };
        if (status.Session is { } session)
        {
            data["session"] = session;
        }

        return (status.Connected, status.CaughtUp) switch
        {
            (true, true) => HealthCheckResult.Healthy(status.Detail, data),
            (false, false) => HealthCheckResult.Unhealthy(status.Detail, data: data),
            _ => HealthCheckResult.Degraded(status.Detail, data: data),
        };
    }
}

/// <summary>One readiness entry per configured state manager, named after it (known only once options bind).</summary>
internal sealed class StateManagerHealthRegistrations(IOptions<HeronOptions> heron) : IConfigureOptions<HealthCheckServiceOptions>
{
    public void Configure(HealthCheckServiceOptions options)
    {
        foreach (var location in heron.Value.StateManagers)
        {
            var name = location.Name;
            options.Registrations.Add(new HealthCheckRegistration(
                StateManagerHealthCheck.Prefix + name,
                sp => new StateManagerHealthCheck(sp.GetRequiredService<StateManagerService>(), name),
                failureStatus: HealthStatus.Unhealthy,
                tags: ["heron"]));
        }
    }
}
