using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Tracker.Heron;

/// <summary>The Heron tracker's entry points for the host: services and the root, <c>/v1</c> and <c>/v2</c> routes.</summary>
public static class HeronModule
{
    public static IHostApplicationBuilder AddHeronTracker(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapHeronApi(this IEndpointRouteBuilder endpoints) => endpoints;
}
