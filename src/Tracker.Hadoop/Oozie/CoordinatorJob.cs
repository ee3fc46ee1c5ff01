namespace Tracker.Hadoop.Oozie;

/// <summary>
/// An Oozie coordinator job as <c>GET /v{1,2}/job/{id}?show=info</c> describes it (Oozie's
/// <c>CoordinatorJobBean.toJSONObject</c>): <see cref="Actions"/> is the requested page of its actions, and
/// <see cref="Total"/> how many actions it has materialised in all.
/// </summary>
public sealed record CoordinatorJob(
    string Id,
    string? AppName,
    string? AppPath,
    string? User,
    string Status,
    string? BundleId,
    string? Frequency,
    string? TimeUnit,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    DateTimeOffset? NextMaterializedTime,
    int Total,
    IReadOnlyList<CoordinatorAction> Actions)
{
    /// <summary>Oozie will not change the status again (SUCCEEDED, KILLED, FAILED, DONEWITHERROR or IGNORED).</summary>
    public bool IsTerminal => OozieStatus.IsTerminal(Status);
}

/// <summary>
/// One run of a coordinator (<c>{coordinatorId}@{actionNumber}</c>); <see cref="ExternalId"/> is the workflow job it
/// materialised, empty or null while the action waits for its inputs.
/// </summary>
public sealed record CoordinatorAction(
    string Id,
    string? CoordinatorId,
    int ActionNumber,
    string? Status,
    string? ExternalId,
    string? ExternalStatus,
    DateTimeOffset? CreatedTime,
    DateTimeOffset? NominalTime,
    DateTimeOffset? LastModifiedTime,
    string? MissingDependencies,
    string? ErrorCode,
    string? ErrorMessage);

/// <summary>
/// An Oozie bundle job (<c>BundleJobBean.toJSONObject</c>). Its <see cref="Coordinators"/> come without their
/// actions: ask for each coordinator to learn its workflows.
/// </summary>
public sealed record BundleJob(
    string Id,
    string? AppName,
    string? AppPath,
    string? User,
    string Status,
    DateTimeOffset? KickoffTime,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    DateTimeOffset? CreatedTime,
    IReadOnlyList<CoordinatorJob> Coordinators)
{
    public bool IsTerminal => OozieStatus.IsTerminal(Status);
}
