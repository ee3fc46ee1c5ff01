using System.Globalization;
using System.Text.Json;

namespace Tracker.Hadoop.Oozie;

/// <summary>Reads Oozie's JSON tolerantly: fields may be absent or null, numbers may arrive as strings.</summary>
internal static class OozieJson
{
    public static WorkflowJob ReadWorkflowJob(JsonElement e) => new(
        Id: String(e, "id") ?? throw new HadoopUpstreamException(HadoopService.Oozie, null, "Oozie's job info carries no id."),
        AppName: String(e, "appName"),
        AppPath: String(e, "appPath"),
        User: String(e, "user"),
        Group: String(e, "group"),
        Status: String(e, "status") ?? "UNKNOWN",
        ExternalId: String(e, "externalId"),
        ParentId: String(e, "parentId"),
        Conf: String(e, "conf"),
        CreatedTime: Time(e, "createdTime"),
        StartTime: Time(e, "startTime"),
        EndTime: Time(e, "endTime"),
        LastModTime: Time(e, "lastModTime"),
        Run: Int(e, "run"),
        ConsoleUrl: String(e, "consoleUrl"),
        Actions: Array(e, "actions", ReadAction));

    public static WorkflowAction ReadAction(JsonElement e) => new(
        Id: String(e, "id") ?? "",
        Name: String(e, "name") ?? "",
        Type: String(e, "type"),
        Status: String(e, "status"),
        ExternalId: String(e, "externalId"),
        ExternalStatus: String(e, "externalStatus"),
        ExternalChildIds: String(e, "externalChildIDs"),
        TrackerUri: String(e, "trackerUri"),
        ConsoleUrl: String(e, "consoleUrl"),
        Transition: String(e, "transition"),
        ErrorCode: String(e, "errorCode"),
        ErrorMessage: String(e, "errorMessage"),
        StartTime: Time(e, "startTime"),
        EndTime: Time(e, "endTime"),
        Retries: Int(e, "retries"));

    public static CoordinatorJob ReadCoordinatorJob(JsonElement e) => new(
        Id: String(e, "coordJobId") ?? throw new HadoopUpstreamException(HadoopService.Oozie, null, "Oozie's coordinator info carries no coordJobId."),
        AppName: String(e, "coordJobName"),
        AppPath: String(e, "coordJobPath"),
        User: String(e, "user"),
        Status: String(e, "status") ?? "UNKNOWN",
        BundleId: String(e, "bundleId"),
        Frequency: String(e, "frequency"),
        TimeUnit: String(e, "timeUnit"),
        StartTime: Time(e, "startTime"),
        EndTime: Time(e, "endTime"),
        NextMaterializedTime: Time(e, "nextMaterializedTime"),
        Total: Int(e, "total"),
        Actions: Array(e, "actions", ReadCoordinatorAction));

    public static CoordinatorAction ReadCoordinatorAction(JsonElement e) => new(
        Id: String(e, "id") ?? "",
        CoordinatorId: String(e, "coordJobId"),
        ActionNumber: Int(e, "actionNumber"),
        Status: String(e, "status"),
        ExternalId: String(e, "externalId"),
        ExternalStatus: String(e, "externalStatus"),
        CreatedTime: Time(e, "createdTime"),
        NominalTime: Time(e, "nominalTime"),
        LastModifiedTime: Time(e, "lastModifiedTime"),
        MissingDependencies: String(e, "missingDependencies"),
        ErrorCode: String(e, "errorCode"),
        ErrorMessage: String(e, "errorMessage"));

    public static BundleJob ReadBundleJob(JsonElement e) => new(
        Id: String(e, "bundleJobId") ?? throw new HadoopUpstreamException(HadoopService.Oozie, null, "Oozie's bundle info carries no bundleJobId."),
        AppName: String(e, "bundleJobName"),
        AppPath: String(e, "bundleJobPath"),
        User: String(e, "user"),
        Status: String(e, "status") ?? "UNKNOWN",
        KickoffTime: Time(e, "kickoffTime"),
        StartTime: Time(e, "startTime"),
        EndTime: Time(e, "endTime"),
        CreatedTime: Time(e, "createdTime"),
        Coordinators: Array(e, "bundleCoordJobs", ReadCoordinatorJob));

    public static WorkflowJobList ReadJobList(JsonElement e) => new(
        Total: Int(e, "total"),
        Offset: Int(e, "offset"),
        Len: Int(e, "len"),
        Workflows: Array(e, "workflows", ReadWorkflowJob),
        Raw: e.Clone());

    /// <summary>The items of an array property, read one by one; a missing or non-array property is empty.</summary>
    public static T[] Array<T>(JsonElement e, string name, Func<JsonElement, T> read) =>
        e.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Select(read).ToArray()
            : [];

    public static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
                _ => null,
            }
            : null;

    public static int Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.Number when v.TryGetInt32(out var i) => i,
                JsonValueKind.String when int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
                _ => 0,
            }
            : 0;

    /// <summary>Oozie's RFC 822 times, e.g. <c>Thu, 01 Jan 2009 00:00:00 GMT</c>.</summary>
    public static DateTimeOffset? Time(JsonElement e, string name) =>
        String(e, name) is { Length: > 0 } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
}
