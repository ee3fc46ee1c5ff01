using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Apis;

/// <summary>E8–E12: Oozie's job list, the caller's tracked jobs and the ResourceManager's cluster information.</summary>
internal static class ListHandlers
{
    /// <summary>E8: Oozie's workflow list as the caller may see it.</summary>
    public static async Task<Results<ApiAnswer, ApiError>> ListJobsAsync([AsParameters] JobsApiServices api)
    {
        var query = api.Http.Request.Query;
        if (!TryInt(query["offset"], 1, out var offset) || !TryInt(query["len"], 50, out var length))
        {
            return ApiResponse.Error(400, "offset and len must be whole numbers.");
        }

        var jobType = string.IsNullOrEmpty(query["jobtype"]) ? "wf" : query["jobtype"].ToString();
        if (jobType is not ("wf" or "coordinator" or "bundle"))
        {
            return ApiResponse.Error(400, "jobtype must be wf, coordinator or bundle.");
        }

        var filter = query["filter"].ToString() is { Length: > 0 } f ? f : null;
        if (filter is not null && OozieFilter.Problem(filter) is { } problem)
        {
            return ApiResponse.Error(400, problem);
        }

        try
        {
            var list = await api.Oozie.ListJobsAsync(
                api.Caller.Credentials, new WorkflowJobQuery(filter, Math.Max(offset, 1), Math.Clamp(length, 1, 1000), jobType), api.Aborted);
            return ApiResponse.Raw(list.Raw);
        }
        catch (OozieException e) when (e.StatusCode == System.Net.HttpStatusCode.BadRequest)
        {
            // The only input of the caller's that Oozie judges here is the filter: its 400 (E0420 and the like)
            // is the caller's mistake, passed on with Oozie's own words rather than as a gateway failure. Elsewhere
            // an Oozie 400 is about an id Tracker sent, and the error map's 502 is right.
            return ApiResponse.Error(400, e.Message);
        }
    }

    /// <summary>E9: the caller's tracked jobs (never anyone else's), served from the store that the worker keeps current.</summary>
    public static async Task<ApiAnswer> TrackingAsync([AsParameters] JobsApiServices api)
    {
        var jobs = await api.Jobs.ListTrackedAsync(api.Caller, api.Aborted);
        return ApiResponse.Ok(w =>
        {
            w.WriteStartArray();
            foreach (var (job, copies) in jobs)
            {
                JobShapes.TrackedJob(w, job, copies, "applications");
            }

            w.WriteEndArray();
        });
    }

    /// <summary>E10: the ResourceManager's clusterInfo, unwrapped.</summary>
    public static async Task<ApiAnswer> ClusterInfoAsync([AsParameters] JobsApiServices api)
        => ApiResponse.Raw(await api.ResourceManager.GetClusterInfoAsync(api.Caller.Credentials, api.Aborted));

    /// <summary>E11: the ResourceManager's clusterMetrics, unwrapped.</summary>
    public static async Task<ApiAnswer> ClusterMetricsAsync([AsParameters] JobsApiServices api)
        => ApiResponse.Raw(await api.ResourceManager.GetClusterMetricsAsync(api.Caller.Credentials, api.Aborted));

    /// <summary>E12: the ResourceManager's schedulerInfo, unwrapped.</summary>
    public static async Task<ApiAnswer> ClusterSchedulerAsync([AsParameters] JobsApiServices api)
        => ApiResponse.Raw(await api.ResourceManager.GetSchedulerAsync(api.Caller.Credentials, api.Aborted));

    private static bool TryInt(StringValues value, int fallback, out int result)
    {
        if (string.IsNullOrEmpty(value))
        {
            result = fallback;
            return true;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out result);
    }
}
