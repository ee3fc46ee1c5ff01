using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tracker.Heron.Metrics;
using Tracker.Heron.Shell;
using Tracker.Heron.State;
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
        builder.Services.AddSingleton<TopologyRegistry>();
        builder.Services.AddHostedService<StateManagerService>();
        builder.Services.AddHeronMetrics();
        builder.Services.AddHeronShell();
        return builder;
    }

    public static IEndpointRouteBuilder MapHeronApi(this IEndpointRouteBuilder endpoints) => endpoints;
}
