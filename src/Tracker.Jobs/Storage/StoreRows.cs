using System.Data.Common;
using System.Text.Json;

namespace Tracker.Jobs.Storage;

/// <summary>
/// Row mapping shared by the SQLite and PostgreSQL stores: both schemas have the same columns in the same order
/// with the same representations (text, 64-bit integers, Unix milliseconds), so one reader serves both.
/// </summary>
internal static class StoreRows
{
    // Rows are read by position (the tables' column order, which migrations only ever extend at the end):
    // looking columns up by name costs more than the rest of a 100-job listing.
    internal static TrackedJob ReadJob(DbDataReader r) => new()
    {
        Owner = r.GetString(0),
        JobId = r.GetString(1),
        ParentId = r.IsDBNull(2) ? null : r.GetString(2),
        Status = r.IsDBNull(3) ? null : r.GetString(3),
        ApplicationIds = r.IsDBNull(4) ? null : JsonSerializer.Deserialize(r.GetString(4), StoreJson.Default.IReadOnlyListString),
        LastChecked = r.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
        State = ParseTrackingState(r.GetString(6)),
        Reason = r.IsDBNull(7) ? null : r.GetString(7),
        Blocked = r.GetInt64(8) != 0,
        CopyRequested = r.GetInt64(9) != 0,
        NextPollAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
        Failures = (int)r.GetInt64(11),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(12)),
    };

    internal static ApplicationCopy ReadCopy(DbDataReader r) => new()
    {
        Owner = r.GetString(0),
        JobId = r.GetString(1),
        ApplicationId = r.GetString(2),
        State = ParseCopyState(r.GetString(3)),
        Attempt = (int)r.GetInt64(4),
        WorkflowId = r.IsDBNull(5) ? null : r.GetString(5),
        AppPath = r.IsDBNull(6) ? null : r.GetString(6),
        Partial = r.GetInt64(7) != 0,
        NextAttemptAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)),
        Error = r.IsDBNull(9) ? null : r.GetString(9),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
    };

    internal static CopyAttempt ReadAttempt(DbDataReader r) => new()
    {
        Owner = r.GetString(r.GetOrdinal("owner")),
        JobId = r.GetString(r.GetOrdinal("job_id")),
        ApplicationId = r.GetString(r.GetOrdinal("application_id")),
        Attempt = (int)r.GetInt64(r.GetOrdinal("attempt")),
        WorkflowId = r["workflow_id"] as string,
        AppPath = r.GetString(r.GetOrdinal("app_path")),
        Ended = r.GetInt64(r.GetOrdinal("ended")) != 0,
        Cleaned = r.GetInt64(r.GetOrdinal("cleaned")) != 0,
    };

    internal static string Name(TrackingState state) => state switch
    {
        TrackingState.Tracking => "tracking",
        TrackingState.Copying => "copying",
        TrackingState.Done => "done",
        _ => "vanished",
    };

    internal static TrackingState ParseTrackingState(string text) => text switch
    {
        "tracking" => TrackingState.Tracking,
        "copying" => TrackingState.Copying,
        "done" => TrackingState.Done,
        _ => TrackingState.Vanished,
    };

    internal static string Name(CopyState state) => state switch
    {
        CopyState.Pending => "pending",
        CopyState.Submitting => "submitting",
        CopyState.Submitted => "submitted",
        CopyState.Succeeded => "succeeded",
        _ => "failed",
    };

    internal static CopyState ParseCopyState(string text) => text switch
    {
        "pending" => CopyState.Pending,
        "submitting" => CopyState.Submitting,
        "submitted" => CopyState.Submitted,
        "succeeded" => CopyState.Succeeded,
        _ => CopyState.Failed,
    };
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StoreJson : System.Text.Json.Serialization.JsonSerializerContext;
