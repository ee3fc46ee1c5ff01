using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Hadoop;
using Tracker.Jobs.Authentication;

namespace Tracker.Jobs.Apis;

/// <summary>
/// The <c>/api</c> routes of the job tracker contract. Routing matches each path with and without a trailing
/// slash, so no redirect ever drops a POST body. Every route passes the Knox gate first.
/// </summary>
internal static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsRoutes(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Jobs").AddEndpointFilter(KnoxGateAsync);

        api.MapPost("/task/track", Handle(http => Handlers(http).TrackAsync(http)))
            .WithName("TrackJobs").WithSummary("Start tracking Oozie jobs (text/plain lines, a JSON array, or {\"id\": ...}).");
        api.MapPost("/task/copy-logs", Handle(http => Handlers(http).CopyLogsAsync(http)))
            .WithName("CopyLogs").WithSummary("Copy the jobs' YARN logs into HDFS now; ?refresh=true copies again.");
        api.MapGet("/job/{id}", (HttpContext http, string id) => Handlers(http).JobAsync(http, id))
            .WithName("GetJob").WithSummary("A tracked job's status, applications and copies.");
        api.MapGet("/job/{id}/status", (HttpContext http, string id) => Handlers(http).StatusAsync(http, id))
            .WithName("GetJobStatus").WithSummary("A job's Oozie status.");
        api.MapGet("/job/{id}/logs", (HttpContext http, string id) => Handlers(http).LogsAsync(http, id))
            .WithName("GetJobLogs").WithSummary("The copied logs of every application (or those named by ?id=), concatenated.");
        api.MapGet("/job/{id}/logs/status", (HttpContext http, string id) => Handlers(http).LogsStatusAsync(http, id))
            .WithName("GetCopyStatus").WithSummary("Where each application's log copy stands.");
        api.MapGet("/job/{id}/logs/{appId}", (HttpContext http, string id, string appId) => Handlers(http).ApplicationLogAsync(http, id, appId))
            .WithName("GetApplicationLog").WithSummary("One application's copied log.");
        api.MapGet("/jobs", Handle(http => Handlers(http).ListJobsAsync(http)))
            .WithName("ListJobs").WithSummary("Oozie's workflow jobs as the caller sees them.");
        api.MapGet("/jobs/tracking", Handle(http => Handlers(http).TrackingAsync(http)))
            .WithName("ListTracking").WithSummary("The caller's tracked jobs with their copies.");
        api.MapGet("/cluster", Handle(http => Handlers(http).ClusterAsync(http, "info")))
            .WithName("ClusterInfo").WithSummary("The ResourceManager's clusterInfo.");
        api.MapGet("/cluster/metrics", Handle(http => Handlers(http).ClusterAsync(http, "metrics")))
            .WithName("ClusterMetrics").WithSummary("The ResourceManager's clusterMetrics.");
        api.MapGet("/cluster/scheduler", Handle(http => Handlers(http).ClusterAsync(http, "scheduler")))
            .WithName("ClusterScheduler").WithSummary("The ResourceManager's schedulerInfo.");

        return endpoints;
    }

    // A typed delegate, so minimal APIs write the returned IResult instead of treating the lambda as a RequestDelegate.
    private static Delegate Handle(Func<HttpContext, Task<IResult>> handler) => handler;

    // Resolved only after the gate: the Knox clients refuse to exist without a configured gateway.
    private static JobsEndpoints Handlers(HttpContext http) => http.RequestServices.GetRequiredService<JobsEndpoints>();

    private static async ValueTask<object?> KnoxGateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value.IsConfigured)
        {
            return ApiResponse.Error(503, "The Knox gateway is not configured (Jobs:Gateway:Url).");
        }

        var authenticator = http.RequestServices.GetRequiredService<KnoxAuthenticator>();
        var outcome = await authenticator.AuthenticateAsync(http.Request.Headers.Authorization, http.RequestAborted);
        if (outcome.Caller is null)
        {
            return ApiResponse.Error(outcome.StatusCode, outcome.Message ?? "Authorization required");
        }

        http.Items[JobsEndpoints.CallerKey] = outcome.Caller;
        try
        {
            return await next(context);
        }
        catch (HadoopException e)
        {
            if (e is KnoxAuthenticationException)
            {
                // Knox accepted these credentials a moment ago and refuses them now (a password change).
                await authenticator.ForgetRefusedAsync(http.Request.Headers.Authorization!, outcome.Caller.User, outcome.Caller.Credentials, CancellationToken.None);
            }

            return UpstreamStatus.Error(e);
        }
        catch (BadHttpRequestException e)
        {
            return ApiResponse.Error(e.StatusCode, e.Message);
        }
    }
}
