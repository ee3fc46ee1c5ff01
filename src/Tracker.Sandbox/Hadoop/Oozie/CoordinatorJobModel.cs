namespace Tracker.Sandbox.Hadoop.Oozie;

/// <summary>
/// One coordinator job of the emulated Oozie server: a schedule whose actions (<c>{id}@{n}</c>) each materialise
/// one workflow job at their nominal time. Its status is read from its workflows against the clock, as Oozie's
/// status transitions would leave it: RUNNING (RUNNINGWITHERROR once a workflow failed) until the last action's
/// workflow has ended, then SUCCEEDED, or DONEWITHERROR when any workflow failed or was killed.
/// </summary>
internal sealed class CoordinatorJobModel(string id, string appName, string appPath, string user, string conf, DateTimeOffset created)
    : OozieJobModel(id, appName, appPath, user, conf, created)
{
    private readonly List<CoordinatorActionModel> _actions = [];

    /// <summary>The schedule's window, as in the coordinator's <c>start</c> and <c>end</c>.</summary>
    public required DateTimeOffset StartTime { get; init; }

    public required DateTimeOffset EndTime { get; init; }

    public required TimeSpan Frequency { get; init; }

    /// <summary>The bundle that started this coordinator, if any.</summary>
    public string? BundleId { get; init; }

    public void Add(CoordinatorActionModel action)
    {
        lock (_actions)
        {
            _actions.Add(action);
        }
    }

    /// <summary>The actions materialised by <paramref name="now"/>, in action-number order.</summary>
    public IReadOnlyList<CoordinatorActionModel> Actions(DateTimeOffset now)
    {
        lock (_actions)
        {
            return _actions.Where(a => a.NominalTime <= now).OrderBy(a => a.Number).ToArray();
        }
    }

    public string Status(DateTimeOffset now)
    {
        if (now < StartTime)
        {
            return "PREP";
        }

        var materialised = Actions(now);
        var statuses = materialised.Select(a => a.Workflow.Status(now)).ToArray();
        var error = statuses.Any(s => s is "FAILED" or "KILLED");
        int planned;
        lock (_actions)
        {
            planned = _actions.Count;
        }

        var done = materialised.Count == planned && statuses.All(s => s is "SUCCEEDED" or "FAILED" or "KILLED");
        return (done, error) switch
        {
            (true, true) => "DONEWITHERROR",
            (true, false) => "SUCCEEDED",
            (false, true) => "RUNNINGWITHERROR",
            _ => "RUNNING",
        };
    }

    /// <summary>Oozie's <c>nextMaterializedTime</c>: the nominal time after the last action materialised so far.</summary>
    public DateTimeOffset NextMaterializedTime(DateTimeOffset now) =>
        Actions(now) is { Count: > 0 } materialised ? materialised[^1].NominalTime + Frequency : StartTime;
}

/// <summary>One materialised run of a coordinator: action number, nominal time and the workflow job it started.</summary>
internal sealed class CoordinatorActionModel(CoordinatorJobModel coordinator, int number, DateTimeOffset nominalTime, WorkflowJobModel workflow)
{
    public string Id { get; } = $"{coordinator.Id}@{number}";

    public string CoordinatorId { get; } = coordinator.Id;

    public int Number { get; } = number;

    public DateTimeOffset NominalTime { get; } = nominalTime;

    public WorkflowJobModel Workflow { get; } = workflow;

    /// <summary>Oozie's <c>CoordinatorAction.Status</c> as the workflow's course leaves it.</summary>
    public string Status(DateTimeOffset now) => Workflow.Status(now) switch
    {
        "PREP" => "SUBMITTED",
        "SUCCEEDED" => "SUCCEEDED",
        "FAILED" => "FAILED",
        "KILLED" => "KILLED",
        "SUSPENDED" => "SUSPENDED",
        _ => "RUNNING",
    };
}

/// <summary>
/// One bundle job: a set of coordinators started together. RUNNING while any coordinator runs, then SUCCEEDED,
/// or DONEWITHERROR when a coordinator ended with errors.
/// </summary>
internal sealed class BundleJobModel(string id, string appName, string appPath, string user, string conf, DateTimeOffset created)
    : OozieJobModel(id, appName, appPath, user, conf, created)
{
    public required DateTimeOffset KickoffTime { get; init; }

    public List<CoordinatorJobModel> Coordinators { get; } = [];

    public string Status(DateTimeOffset now)
    {
        if (now < KickoffTime)
        {
            return "PREP";
        }

        var statuses = Coordinators.Select(c => c.Status(now)).ToArray();
        var error = statuses.Any(s => s is "DONEWITHERROR" or "RUNNINGWITHERROR" or "FAILED" or "KILLED");
        var done = statuses.All(s => s is "SUCCEEDED" or "DONEWITHERROR" or "FAILED" or "KILLED");
        return (done, error) switch
        {
            (true, true) => "DONEWITHERROR",
            (true, false) => "SUCCEEDED",
            (false, true) => "RUNNINGWITHERROR",
            _ => "RUNNING",
        };
    }

    public DateTimeOffset EndTime => Coordinators.Select(c => c.EndTime).DefaultIfEmpty(KickoffTime).Max();
}
