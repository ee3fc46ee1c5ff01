namespace Tracker.Hadoop.Yarn;

/// <summary>A YARN application as the ResourceManager's <c>/ws/v1/cluster/apps</c> describes it.</summary>
public sealed record YarnApplication(
    string Id,
    string? User,
    string? Name,
    string? ApplicationType,
    string? Queue,
    string State,
    string FinalStatus,
    IReadOnlyList<string> ApplicationTags,
    DateTimeOffset? StartedTime,
    DateTimeOffset? FinishedTime,
    string? AmContainerLogs,
    string? Diagnostics);
