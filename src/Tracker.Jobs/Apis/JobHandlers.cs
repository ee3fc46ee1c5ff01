using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Apis;

/// <summary>E3, E4 and E7: one job's summary, status and copy status; the work is <see cref="JobService"/>'s.</summary>
internal static class JobHandlers
{
    /// <summary>E3: the job's summary with its copies; refreshed from Oozie when it may have changed.</summary>
    public static async Task<Results<ApiAnswer, ApiError>> JobAsync([AsParameters] JobsApiServices api, string id)
    {
        if (!OozieJobId.IsValid(id))
        {
            return JobsApiAnswers.MalformedId(id);
        }

        var reading = await api.Jobs.ReadJobAsync(api.Caller, id, api.Refresh, api.Aborted);
        if (reading is null)
        {
            return JobsApiAnswers.NotFound(id);
        }

        if (reading.Copies is not { } copies)
        {
            // Known to Oozie, tracked by nobody: its status and applications, no copies.
            return ApiResponse.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("status", reading.Job.Status);
                JobShapes.ApplicationIds(w, reading.Job.ApplicationIds ?? []);
                w.WriteStartObject("log-jobs");
                w.WriteEndObject();
                w.WriteString("id", id);
                w.WriteEndObject();
            });
        }

        return ApiResponse.Ok(w => JobShapes.TrackedJob(w, reading.Job, copies, "log-jobs"));
    }

    /// <summary>E4: the status; Oozie is asked whenever the job may still change (the reference asked about the wrong id).</summary>
    public static async Task<Results<ApiAnswer, ApiError>> StatusAsync([AsParameters] JobsApiServices api, string id)
    {
        if (!OozieJobId.IsValid(id))
        {
            return JobsApiAnswers.MalformedId(id);
        }

        var status = await api.Jobs.StatusAsync(api.Caller, id, api.Refresh, api.Aborted);
        if (status is null)
        {
            return JobsApiAnswers.NotFound(id);
        }

        return ApiResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("status", status);
            w.WriteNumber("status_code", 200);
            w.WriteEndObject();
        });
    }

    /// <summary>E7: where every application's copy stands, keyed by application id.</summary>
    public static async Task<Results<ApiAnswer, ApiError>> LogsStatusAsync([AsParameters] JobsApiServices api, string id)
    {
        if (!OozieJobId.IsValid(id))
        {
            return JobsApiAnswers.MalformedId(id);
        }

        if (await api.Jobs.TrackedAsync(api.Caller, id, api.Aborted) is not { Job.ApplicationIds: { } applicationIds } view)
        {
            return ApiResponse.Error(400, "There are no copy jobs.");
        }

        var (finished, succeeded) = JobShapes.Outcome(view.Job, view.Copies);
        return ApiResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("finished", finished);
            w.WriteBoolean("succeeded", succeeded);
            w.WriteStartObject("jobs");
            foreach (var applicationId in applicationIds)
            {
                w.WritePropertyName(applicationId);
                JobShapes.CopyEntry(w, id, applicationId, view.Copies.GetValueOrDefault(applicationId));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }
}
