using System.Data.Common;
using System.Text.Json;

namespace Tracker.Jobs.Storage;

/// <summary>
/// Row mapping for both schemas (text, 64-bit integers, Unix milliseconds). Columns are found by name once per
/// result set, so a listing pays the name lookup once, not once per row, and a column's place in the table does not
/// matter. A state the code does not know is an error, never quietly another state.
/// </summary>
internal static class StoreRows
{
    public const string JobColumns = "owner, job_id, parent_id, status, application_ids, last_checked, state, reason, blocked, copy_requested, next_poll_at, failures, created_at";

    public const string CopyColumns = "owner, job_id, application_id, state, attempt, workflow_id, app_path, partial, next_attempt_at, error, updated_at";

    public const string AttemptColumns = "owner, job_id, application_id, attempt, workflow_id, app_path, ended, cleaned";

    public const string CredentialColumns = "owner, protected, expires_at, updated_at";

    public static Func<DbDataReader, TrackedJob> JobRows(DbDataReader reader)
    {
        Func<string, int> c = reader.GetOrdinal;
        int owner = c("owner"), jobId = c("job_id"), parentId = c("parent_id"), status = c("status"), applicationIds = c("application_ids"),
            lastChecked = c("last_checked"), state = c("state"), reason = c("reason"), blocked = c("blocked"), copyRequested = c("copy_requested"),
            nextPollAt = c("next_poll_at"), failures = c("failures"), createdAt = c("created_at");
        return r => new TrackedJob
        {
            Owner = r.GetString(owner),
            JobId = r.GetString(jobId),
            ParentId = Text(r, parentId),
            Status = Text(r, status),
            ApplicationIds = Text(r, applicationIds) is { } json ? JsonSerializer.Deserialize(json, StoreJson.Default.IReadOnlyListString) : null,
            LastChecked = r.IsDBNull(lastChecked) ? null : Time(r, lastChecked),
            State = ParseTrackingState(r.GetString(state)),
            Reason = Text(r, reason),
            Blocked = r.GetInt64(blocked) != 0,
            CopyRequested = r.GetInt64(copyRequested) != 0,
            NextPollAt = Time(r, nextPollAt),
            Failures = checked((int)r.GetInt64(failures)),
            CreatedAt = Time(r, createdAt),
        };
    }

    public static Func<DbDataReader, ApplicationCopy> CopyRows(DbDataReader reader)
    {
        Func<string, int> c = reader.GetOrdinal;
        int owner = c("owner"), jobId = c("job_id"), applicationId = c("application_id"), state = c("state"), attempt = c("attempt"),
            workflowId = c("workflow_id"), appPath = c("app_path"), partial = c("partial"), nextAttemptAt = c("next_attempt_at"),
            error = c("error"), updatedAt = c("updated_at");
        return r => new ApplicationCopy
        {
            Owner = r.GetString(owner),
            JobId = r.GetString(jobId),
            ApplicationId = r.GetString(applicationId),
            State = ParseCopyState(r.GetString(state)),
            Attempt = checked((int)r.GetInt64(attempt)),
            WorkflowId = Text(r, workflowId),
            AppPath = Text(r, appPath),
            Partial = r.GetInt64(partial) != 0,
            NextAttemptAt = Time(r, nextAttemptAt),
            Error = Text(r, error),
            UpdatedAt = Time(r, updatedAt),
        };
    }

    public static Func<DbDataReader, CopyAttempt> AttemptRows(DbDataReader reader)
    {
        Func<string, int> c = reader.GetOrdinal;
        int owner = c("owner"), jobId = c("job_id"), applicationId = c("application_id"), attempt = c("attempt"), workflowId = c("workflow_id"),
            appPath = c("app_path"), ended = c("ended"), cleaned = c("cleaned");
        return r => new CopyAttempt
        {
            Owner = r.GetString(owner),
            JobId = r.GetString(jobId),
            ApplicationId = r.GetString(applicationId),
            Attempt = checked((int)r.GetInt64(attempt)),
            WorkflowId = Text(r, workflowId),
            AppPath = r.GetString(appPath),
            Ended = r.GetInt64(ended) != 0,
            Cleaned = r.GetInt64(cleaned) != 0,
        };
    }

    public static Func<DbDataReader, StoredCredential> CredentialRows(DbDataReader reader)
    {
        Func<string, int> c = reader.GetOrdinal;
        int owner = c("owner"), protectedBytes = c("protected"), expiresAt = c("expires_at"), updatedAt = c("updated_at");
        return r => new StoredCredential(r.GetString(owner), r.GetFieldValue<byte[]>(protectedBytes), Time(r, expiresAt), Time(r, updatedAt));
    }

    public static Func<DbDataReader, (TrackingState State, long Count)> StateCountRows(DbDataReader reader)
    {
        Func<string, int> c = reader.GetOrdinal;
        int state = c("state"), jobs = c("jobs");
        return r => (ParseTrackingState(r.GetString(state)), r.GetInt64(jobs));
    }

    public static string Name(TrackingState state) => state switch
    {
        TrackingState.Tracking => "tracking",
        TrackingState.Copying => "copying",
        TrackingState.Done => "done",
        TrackingState.Vanished => "vanished",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a tracking state"),
    };

    public static TrackingState ParseTrackingState(string text) => text switch
    {
        "tracking" => TrackingState.Tracking,
        "copying" => TrackingState.Copying,
        "done" => TrackingState.Done,
        "vanished" => TrackingState.Vanished,
        _ => throw Unknown("tracking state", text),
    };

    public static string Name(CopyState state) => state switch
    {
        CopyState.Pending => "pending",
        CopyState.Submitting => "submitting",
        CopyState.Submitted => "submitted",
        CopyState.Succeeded => "succeeded",
        CopyState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a copy state"),
    };

    public static CopyState ParseCopyState(string text) => text switch
    {
        "pending" => CopyState.Pending,
        "submitting" => CopyState.Submitting,
        "submitted" => CopyState.Submitted,
        "succeeded" => CopyState.Succeeded,
        "failed" => CopyState.Failed,
        _ => throw Unknown("copy state", text),
    };

    public static string? Json(IReadOnlyList<string>? applicationIds)
        => applicationIds is null ? null : JsonSerializer.Serialize(applicationIds, StoreJson.Default.IReadOnlyListString);

    // A row written by a newer version (or by hand) that this one cannot represent: reading it as some other
    // state would make the worker act on it wrongly, so the read fails and says what it found.
    private static InvalidDataException Unknown(string what, string text) => new($"The job store holds '{text}', which is not a {what} this version knows.");

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static DateTimeOffset Time(DbDataReader r, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(ordinal));
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StoreJson : System.Text.Json.Serialization.JsonSerializerContext;
