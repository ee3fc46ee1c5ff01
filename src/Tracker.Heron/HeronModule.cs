using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tracker.Heron.Access;
using Tracker.Heron.Apis;
using Tracker.Heron.Apis.Payloads;
using Tracker.Heron.Metrics;
using Tracker.Heron.Shell;
using Tracker.Heron.State;
using Tracker.Heron.Telemetry;
using Tracker.Heron.Topologies;

namespace Tracker.Heron;

/// <summary>The Heron tracker's entry points for the host: services and the root, <c>/v1</c> and <c>/v2</c> routes.</summary>
public static class HeronModule
{
    /// <summary>
    /// Registers the topology registry (a singleton <see cref="TopologyRegistry"/>: resolve it to
    /// find a topology's snapshot, its TManager location and stream managers) and the state
    /// managers configured under <c>Heron:StateManagers</c>, which fill it.
    /// </summary>
    public static IHostApplicationBuilder AddHeronTracker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HeronOptions>().BindConfiguration(HeronOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HeronOptions>, HeronOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<HeronMetrics>();
        builder.Services.AddSingleton<TopologyRegistry>();
        builder.Services.AddSingleton<StateManagerService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StateManagerService>());
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>, StateManagerHealthRegistrations>();
        builder.Services.AddSingleton<TopologyPayloads>();
        builder.Services.AddSingleton<ListingCache>();
        builder.Services.AddHeronMetrics();
        builder.Services.AddHeronShell();
        builder.Services.AddHeronAccess();
        return builder;
    }

    /// <summary>
    /// Maps the Heron API: the envelope style at the root and under <c>/v1</c>, the unwrapped style
    /// under <c>/v2</c>. Further endpoint sets (metrics, containers) join the same groups by adding
    /// their <c>Map…Endpoints(group)</c> call to the delegate below.
    /// </summary>
    public static IEndpointRouteBuilder MapHeronApi(this IEndpointRouteBuilder endpoints)
        => endpoints.MapHeronGroups(group =>
        {
            // Upstream failures of every endpoint below are answered in one place, in the group's format.
            group.WithUpstreamErrors();
            // Each endpoint set in a group of its own, so Heron:Authentication can protect it alone.
            group.MapGroup("").RequireHeronAccess(HeronRouteGroup.State).MapHeronStateEndpoints();
            var metrics = group.MapGroup("").RequireHeronAccess(HeronRouteGroup.Metrics);
            metrics.MapHeronMetricsApi();
            metrics.MapMetricsQueryEndpoints();
            group.MapGroup("").RequireHeronAccess(HeronRouteGroup.InstanceTools).MapHeronInstanceToolsApi();
            group.MapGroup("").RequireHeronAccess(HeronRouteGroup.ContainerFiles).MapHeronContainerApi();
        });
}
