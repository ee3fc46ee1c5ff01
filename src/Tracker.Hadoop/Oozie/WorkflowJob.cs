namespace Tracker.Hadoop.Oozie;

/// <summary>An Oozie workflow job as <c>GET /v{1,2}/job/{id}?show=info</c> describes it.</summary>
public sealed record WorkflowJob(
    string Id,
    string? AppName,
    string? AppPath,
    string? User,
    string? Group,
    string Status,
    string? ExternalId,
    string? ParentId,
    string? Conf,
    DateTimeOffset? CreatedTime,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    DateTimeOffset? LastModTime,
    int Run,
    string? ConsoleUrl,
    IReadOnlyList<WorkflowAction> Actions)
{
    /// <summary>SUCCEEDED, KILLED or FAILED: Oozie will not change the status again.</summary>
    public bool IsTerminal => OozieStatus.IsWorkflowTerminal(Status);
}

/// <summary>One action (node) of a workflow job.</summary>
public sealed record WorkflowAction(
    string Id,
    string Name,
    string? Type,
    string? Status,
    string? ExternalId,
    string? ExternalStatus,
    string? ExternalChildIds,
    string? TrackerUri,
    string? ConsoleUrl,
    string? Transition,
    string? ErrorCode,
    string? ErrorMessage,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    int Retries)
{
    /// <summary><see cref="ExternalChildIds"/> split on Oozie's commas, blanks dropped.</summary>
    public IReadOnlyList<string> ExternalChildIdList =>
        string.IsNullOrWhiteSpace(ExternalChildIds)
            ? []
            : ExternalChildIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A page of <c>GET /v2/jobs</c>: the jobs (without actions), plus Oozie's raw answer for pass-through.</summary>
public sealed record WorkflowJobList(
    int Total,
    int Offset,
    int Len,
    IReadOnlyList<WorkflowJob> Workflows,
    System.Text.Json.JsonElement Raw);

/// <summary>The query of a jobs listing; <see cref="Filter"/> is Oozie's <c>NAME=VALUE[;NAME=VALUE]*</c>, unencoded.</summary>
public sealed record WorkflowJobQuery(string? Filter = null, int Offset = 1, int Len = 50, string JobType = "wf");

/// <summary>Which version of Oozie's job-info shape to ask for (they differ for map-reduce actions).</summary>
public enum OozieApiVersion
{
    V1 = 1,
    V2 = 2,
}
