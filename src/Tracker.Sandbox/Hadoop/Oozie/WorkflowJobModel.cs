using Tracker.Sandbox.Hadoop.Yarn;

namespace Tracker.Sandbox.Hadoop.Oozie;

/// <summary>
/// One workflow job of the emulated Oozie server. Times are planned or recorded explicitly and statuses
/// are read against the clock, so a job moves PREP → RUNNING → terminal in real time without a timer per
/// step; the copy-workflow runner records each step as it executes it.
/// </summary>
internal sealed class WorkflowJobModel(string id, string appName, string appPath, string user, string conf, int oozieVersion, DateTimeOffset created)
    : OozieJobModel(id, appName, appPath, user, conf, created)
{
    private readonly List<WorkflowActionModel> _actions = [];

    public object Gate { get; } = new();

    /// <summary>The workflow definition (<c>show=definition</c>): the submitted XML, or a stand-in for a scripted job.</summary>
    public string Definition { get; init; } = "";

    public int OozieVersion { get; } = oozieVersion;

    /// <summary>The coordinator action (<c>{coordId}@{n}</c>) that materialised this workflow, if any.</summary>
    public string? ParentId { get; init; }

    public DateTimeOffset LastModTime { get; set; } = created;

    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    /// <summary>SUCCEEDED, FAILED or KILLED: what the job becomes at <see cref="EndTime"/>.</summary>
    public string? Outcome { get; set; }

    public CancellationTokenSource Cancellation { get; } = new();

    public string Status(DateTimeOffset now)
    {
        lock (Gate)
        {
            if (StartTime is not { } start || start > now)
            {
                return "PREP";
            }

            return EndTime is { } end && end <= now && Outcome is not null ? Outcome : "RUNNING";
        }
    }

    public void Add(WorkflowActionModel action)
    {
        lock (Gate)
        {
            _actions.Add(action);
        }
    }

    /// <summary>The actions Oozie has reached by <paramref name="now"/>.</summary>
    public IReadOnlyList<WorkflowActionModel> Actions(DateTimeOffset now)
    {
        lock (Gate)
        {
            return _actions.Where(a => a.StartTime <= now).ToArray();
        }
    }

    /// <summary>Forgets planned nodes not reached yet (a killed job never reaches them).</summary>
    public void RemoveActionsAfter(DateTimeOffset now)
    {
        lock (Gate)
        {
            _actions.RemoveAll(a => a.StartTime > now);
        }
    }

    public IReadOnlyList<WorkflowActionModel> AllActions()
    {
        lock (Gate)
        {
            return _actions.ToArray();
        }
    }

    /// <summary>Every YARN application the job's actions launched.</summary>
    public IEnumerable<YarnApplicationModel> Applications() =>
        AllActions().SelectMany(a => a.Launcher is null ? a.Children : a.Children.Prepend(a.Launcher));
}

/// <summary>One node of a workflow job as Oozie records it (control nodes included, as <c>:start:</c>, <c>:end:</c>, kill).</summary>
internal sealed class WorkflowActionModel(string jobId, string name, string type, DateTimeOffset start)
{
    public string Id { get; } = $"{jobId}@{name}";

    public string Name { get; } = name;

    public string Type { get; } = type;

    public string Conf { get; init; } = "";

    public DateTimeOffset StartTime { get; } = start;

    public DateTimeOffset? EndTime { get; set; }

    /// <summary>OK, ERROR, FAILED or KILLED: the status at <see cref="EndTime"/>.</summary>
    public string FinalStatus { get; set; } = "OK";

    /// <summary>SUCCEEDED, FAILED or KILLED at <see cref="EndTime"/>; control nodes keep OK.</summary>
    public string? FinalExternalStatus { get; set; }

    public string? Transition { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public YarnApplicationModel? Launcher { get; init; }

    public List<YarnApplicationModel> Children { get; } = [];

    public bool IsControlNode => Type.StartsWith(':');

    public string Status(DateTimeOffset now) => EndTime is { } end && end <= now ? FinalStatus : IsControlNode ? "OK" : "RUNNING";

    public string? ExternalStatus(DateTimeOffset now) =>
        IsControlNode ? "OK" : EndTime is { } end && end <= now ? FinalExternalStatus : "RUNNING";

    public bool IsEnded(DateTimeOffset now) => EndTime is { } end && end <= now;
}
