using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Apis;

/// <summary>E1 and E2, the POST routes that name jobs in their body; the work is <see cref="JobService"/>'s.</summary>
internal static class TaskHandlers
{
    /// <summary>E1: starts tracking; answers the tracked jobs' summaries.</summary>
    public static async Task<Results<ApiAnswer, ApiError>> TrackAsync([AsParameters] JobsApiServices api)
    {
        var request = await JobIdRequest.ReadAsync(api.Http.Request, api.Aborted);
        if (request.Error is not null)
        {
            return ApiResponse.Error(400, request.Error);
        }

        var tracked = await api.Jobs.TrackAsync(api.Caller, request.Ids!, api.Aborted);
        return ApiResponse.Ok(w =>
        {
            w.WriteStartArray();
            foreach (var job in tracked)
            {
                JobShapes.TrackSummary(w, job);
            }

            w.WriteEndArray();
        });
    }

    /// <summary>E2: copies the logs of the named jobs now (or reports the copies under way).</summary>
    public static async Task<Results<ApiAnswer, ApiError>> CopyLogsAsync([AsParameters] JobsApiServices api)
    {
        var request = await JobIdRequest.ReadAsync(api.Http.Request, api.Aborted);
        if (request.Error is not null)
        {
            return ApiResponse.Error(400, request.Error);
        }

        var outcome = await api.Jobs.RequestCopiesAsync(api.Caller, request.Ids!, api.Refresh, api.Aborted);
        var errors = outcome.Failures.Select(f => f.Failure is null
            ? (f.Id, Status: 404, Message: $"Job {f.Id} was not found.")
            : (f.Id, Status: UpstreamStatus.Of(f.Failure), Message: UpstreamStatus.MessageOf(f.Failure))).ToList();
        if (outcome.Jobs.Count == 0 && errors.Count > 0)
        {
            return ApiResponse.Error(errors[0].Status, errors[0].Message);
        }

        return ApiResponse.Ok(w =>
        {
            var finished = true;
            var succeeded = true;
            foreach (var (job, copies) in outcome.Jobs)
            {
                var (f, s) = JobShapes.Outcome(job, copies);
                finished &= f;
                succeeded &= s;
            }

            w.WriteStartObject();
            w.WriteBoolean("finished", finished);
            w.WriteBoolean("succeeded", succeeded);
            w.WriteStartArray("jobs");
            foreach (var (job, copies) in outcome.Jobs)
            {
                foreach (var applicationId in job.ApplicationIds ?? [])
                {
                    JobShapes.CopyEntry(w, job.JobId, applicationId, copies.GetValueOrDefault(applicationId));
                }
            }

            w.WriteEndArray();
            if (errors.Count > 0)
            {
                w.WriteStartArray("errors");
                foreach (var (id, status, message) in errors)
                {
                    w.WriteStartObject();
                    w.WriteString("id", id);
                    w.WriteString("message", message);
                    w.WriteNumber("status_code", status);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        });
    }
}
