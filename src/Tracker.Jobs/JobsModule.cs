using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Tracker.Jobs;

/// <summary>The Hadoop job tracker's entry points for the host: services and the <c>/api</c> routes.</summary>
public static class JobsModule
{
    public static IHostApplicationBuilder AddTrackerJobs(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder endpoints) => endpoints;
}
