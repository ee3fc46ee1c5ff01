using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tracker.Jobs.Authentication;

namespace Tracker.Jobs.Apis;

/// <summary>
/// The <c>/api</c> routes of the job tracker contract. Routing matches each path with and without a trailing
/// slash, so no redirect ever drops a POST body. Every route requires a caller of the Knox scheme
/// (<see cref="KnoxAuthenticationHandler"/>); failures the handlers do not answer themselves go to
/// <see cref="JobsApiExceptionHandler"/>.
/// </summary>
internal static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsRoutes(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Jobs").RequireAuthorization(KnoxAuthentication.Policy);

        api.MapPost("/task/track", TaskHandlers.TrackAsync)
            .WithName("TrackJobs").WithSummary("Start tracking Oozie jobs (text/plain lines, a JSON array, or {\"id\": ...}).");
        api.MapPost("/task/copy-logs", TaskHandlers.CopyLogsAsync)
            .WithName("CopyLogs").WithSummary("Copy the jobs' YARN logs into HDFS now; ?refresh=true copies again.");
        api.MapGet("/job/{id}", JobHandlers.JobAsync)
            .WithName("GetJob").WithSummary("A tracked job's status, applications and copies.");
        api.MapGet("/job/{id}/status", JobHandlers.StatusAsync)
            .WithName("GetJobStatus").WithSummary("A job's Oozie status.");
        api.MapGet("/job/{id}/logs", LogHandlers.LogsAsync)
            .WithName("GetJobLogs").WithSummary("The copied logs of every application (or those named by ?id=), concatenated.");
        api.MapGet("/job/{id}/logs/status", JobHandlers.LogsStatusAsync)
            .WithName("GetCopyStatus").WithSummary("Where each application's log copy stands.");
        api.MapGet("/job/{id}/logs/{appId}", LogHandlers.ApplicationLogAsync)
            .WithName("GetApplicationLog").WithSummary("One application's copied log.");
        // Retention pins (issue 14).
        api.MapPost("/job/{id}/keep", KeepHandlers.KeepAsync)
            .WithName("KeepJob").WithSummary("Pin the caller's tracked job: retention never deletes it.");
        api.MapDelete("/job/{id}/keep", KeepHandlers.UnkeepAsync)
            .WithName("UnkeepJob").WithSummary("Unpin the caller's tracked job.");
        api.MapGet("/jobs", ListHandlers.ListJobsAsync)
            .WithName("ListJobs").WithSummary("Oozie's workflow jobs as the caller sees them.");
        api.MapGet("/jobs/tracking", ListHandlers.TrackingAsync)
            .WithName("ListTracking").WithSummary("The caller's tracked jobs with their copies.");
        api.MapGet("/cluster", ListHandlers.ClusterInfoAsync)
            .WithName("ClusterInfo").WithSummary("The ResourceManager's clusterInfo.");
        api.MapGet("/cluster/metrics", ListHandlers.ClusterMetricsAsync)
            .WithName("ClusterMetrics").WithSummary("The ResourceManager's clusterMetrics.");
        api.MapGet("/cluster/scheduler", ListHandlers.ClusterSchedulerAsync)
            .WithName("ClusterScheduler").WithSummary("The ResourceManager's schedulerInfo.");

        // Watches: the caller's rules that track every new matching job (Watches/).
        api.MapPost("/watches", WatchHandlers.CreateAsync)
            .WithName("CreateWatch").WithSummary("Track every new job of the caller that matches an Oozie filter ({\"filter\", \"jobtype\"}).");
        api.MapGet("/watches", WatchHandlers.ListAsync)
            .WithName("ListWatches").WithSummary("The caller's watches.");
        api.MapGet("/watches/{id}", WatchHandlers.GetAsync)
            .WithName("GetWatch").WithSummary("One of the caller's watches, with how many jobs it tracked and whether it is blocked.");
        api.MapDelete("/watches/{id}", WatchHandlers.DeleteAsync)
            .WithName("DeleteWatch").WithSummary("Stop a watch; the jobs it tracked stay tracked.");

        // The web page's cookie session.
        endpoints.MapKnoxCookieSession();

        // Oozie callbacks: the caller's URL and its rotation behind Knox; the notification itself is outside the
        // Knox policy because Oozie calls it bare, and its 128-bit token is the only proof of who it is for.
        api.MapGet("/watches/callback", CallbackHandlers.UrlAsync)
            .WithName("GetCallbackUrl").WithSummary("The caller's URL for oozie.wf.workflow.notification.url.");
        api.MapPost("/watches/callback/rotate", CallbackHandlers.RotateAsync)
            .WithName("RotateCallbackUrl").WithSummary("A new callback URL; the old one stops working.");
        endpoints.MapGet("/api/oozie/notify/{token}", CallbackHandlers.NotifyAsync).WithTags("Jobs").AllowAnonymous()
            .WithName("OozieNotify").WithSummary("Oozie's workflow notification: wakes or starts tracking the token owner's job.");

        return endpoints;
    }
}
