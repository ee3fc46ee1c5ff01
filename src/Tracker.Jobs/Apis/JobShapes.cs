using System.Globalization;
using System.Text.Json;
using Tracker.Jobs.Storage;

namespace Tracker.Jobs.Apis;

/// <summary>
/// The contract's response shapes (§2.3–§2.11), with both spellings of the application-id key wherever a client
/// reads either, and without the reference's leaked <c>action-copy-job-*</c> fields.
/// </summary>
internal static class JobShapes
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static void ApplicationIds(Utf8JsonWriter w, IReadOnlyList<string> ids)
    {
        foreach (var name in (ReadOnlySpan<string>)["applications-ids", "application-ids"])
        {
            w.WriteStartArray(name);
            foreach (var id in ids)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
        }
    }

    /// <summary>E1's element: <c>{"id", "status", "applications-ids", "application-ids"}</c>.</summary>
    public static void TrackSummary(Utf8JsonWriter w, TrackedJob job)
    {
        w.WriteStartObject();
        w.WriteString("id", job.JobId);
        w.WriteString("status", job.Status);
        ApplicationIds(w, job.ApplicationIds ?? []);
        w.WriteEndObject();
    }

    /// <summary>One copy: <c>{"id", "application", "job", "status"}</c>; <c>job</c> only once a workflow exists.</summary>
    public static void CopyEntry(Utf8JsonWriter w, string jobId, string applicationId, ApplicationCopy? copy)
    {
        w.WriteStartObject();
        w.WriteString("id", jobId);
        w.WriteString("application", applicationId);
        if (copy?.WorkflowId is { } workflowId)
        {
            w.WriteString("job", workflowId);
        }

        w.WriteString("status", copy?.ReportedStatus ?? "UNKNOWN");
        if (copy?.Error is { } error && copy.State == CopyState.Failed)
        {
            w.WriteString("error", error);
        }

        w.WriteEndObject();
    }

    /// <summary>The copies that exist, keyed by application id (E3's <c>log-jobs</c>, E9's <c>applications</c>).</summary>
    public static void CopyMap(Utf8JsonWriter w, string name, TrackedJob job, IReadOnlyDictionary<string, ApplicationCopy> copies)
    {
        w.WriteStartObject(name);
        foreach (var applicationId in job.ApplicationIds ?? [])
        {
            if (copies.TryGetValue(applicationId, out var copy))
            {
                w.WritePropertyName(applicationId);
                CopyEntry(w, job.JobId, applicationId, copy);
            }
        }

        w.WriteEndObject();
    }

    /// <summary>E3 for a tracked job, and E9's element (with <c>applications</c> instead of <c>log-jobs</c>).</summary>
    public static void TrackedJob(Utf8JsonWriter w, TrackedJob job, IReadOnlyDictionary<string, ApplicationCopy> copies, string copyKey)
    {
        w.WriteStartObject();
        w.WriteString("status", job.Status);
        if (job.LastChecked is { } lastChecked)
        {
            w.WriteString("last-checked", Time(lastChecked));
        }

        if (job.ApplicationIds is { } ids)
        {
            ApplicationIds(w, ids);
        }

        w.WriteString("id", job.JobId);
        if (job.ApplicationIds is not null)
        {
            CopyMap(w, copyKey, job, copies);
        }

        w.WriteString("tracking", StoreRows.Name(job.State));
        if (job.Blocked || job.Reason is not null)
        {
            w.WriteString("reason", job.Reason);
        }

        if (job.ParentId is { } parent)
        {
            w.WriteString("parent", parent);
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// One definition of "finished" everywhere (the reference had two): the job has ended and every application's
    /// copy has ended, SUCCEEDED or FAILED for good; "succeeded": every one SUCCEEDED. An ended job without
    /// applications: both true. A job still running is never finished: more applications may come.
    /// </summary>
    public static (bool Finished, bool Succeeded) Outcome(TrackedJob job, IReadOnlyDictionary<string, ApplicationCopy> copies)
    {
        var applicationIds = job.ApplicationIds ?? [];
        var ended = Storage.TrackedJob.IsTerminal(job.Status);
        var finished = ended || job.State == TrackingState.Vanished;
        var succeeded = true;
        foreach (var applicationId in applicationIds)
        {
            copies.TryGetValue(applicationId, out var copy);
            // A copy made while the job ran is made again once it has ended: until then it is not the last word,
            // even when final (a failed partial copy must not make the job look finished and failed).
            finished &= copy is { IsFinal: true } && !(ended && copy.Partial);
            succeeded &= copy is { State: CopyState.Succeeded };
        }

        return (finished, succeeded && finished);
    }
}
