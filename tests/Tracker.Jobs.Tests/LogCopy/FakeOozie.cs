using System.Text.Json;
using System.Xml.Linq;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;

namespace Tracker.Jobs.Tests.LogCopy;

/// <summary>
/// An in-process Oozie for unit tests of the copy parts: it accepts workflows whose definition was uploaded to
/// <see cref="FakeWebHdfs"/>, lists them by name and user as Tracker's reconciliation asks, and "runs" the copy
/// workflows on <see cref="RunCopies"/> by writing the log file their arguments name.
/// </summary>
internal sealed class FakeOozie(FakeWebHdfs hdfs, CrashSwitch crashes) : IOozieClient
{
    private readonly List<Submitted> _workflows = [];
    private readonly Dictionary<string, (string Status, IReadOnlyList<string> Workflows)> _coordinators = new(StringComparer.Ordinal);

    /// <summary>How many pages of coordinator actions were asked for.</summary>
    public int CoordinatorPagesRead { get; private set; }

    /// <summary>A coordinator whose actions materialised <paramref name="workflowIds"/> (null: an action still waiting).</summary>
    public void AddCoordinator(string id, string status, params string?[] workflowIds)
        => _coordinators[id] = (status, workflowIds.Select(w => w ?? "").ToList());

    /// <summary>How many workflows Oozie accepted: a copy submitted twice shows here.</summary>
    public int Submissions => _workflows.Count;

    public IReadOnlyList<string> WorkflowIds => _workflows.Select(w => w.Id).ToList();

    /// <summary>Every running copy workflow copies its application's log and succeeds.</summary>
    public void RunCopies()
    {
        foreach (var workflow in _workflows.Where(w => w.Status == OozieStatus.Running))
        {
            var arguments = workflow.Definition.Descendants().Where(e => e.Name.LocalName == "argument").Select(e => e.Value).ToList();
            hdfs.Write($"{arguments[0]}/{arguments[1]}/{arguments[2]}.log", $"logs of {arguments[2]}\n");
            workflow.Status = OozieStatus.Succeeded;
        }
    }

    public Task<string> SubmitWorkflowAsync(
        KnoxCredentials credentials, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken = default)
    {
        crashes.At(CrashPoints.BeforeOozieAccepts);
        var appPath = properties["oozie.wf.application.path"];
        var definition = XDocument.Parse(hdfs.ReadText(new Uri(appPath).AbsolutePath)
            ?? throw new InvalidOperationException($"No workflow definition at {appPath}"));
        var id = $"{_workflows.Count + 1:D7}-200101000000000-oozie-oozi-W";
        _workflows.Add(new Submitted(id, definition.Root!.Attribute("name")!.Value, properties["user.name"], appPath, definition));
        crashes.At(CrashPoints.AfterOozieAccepted);
        return Task.FromResult(id);
    }

    public Task<OozieLookup<string>> GetJobStatusAsync(KnoxCredentials credentials, string jobId, CancellationToken cancellationToken = default)
    {
        crashes.At(CrashPoints.WhileFollowing);
        var workflow = _workflows.FirstOrDefault(w => w.Id == jobId);
        OozieLookup<string> lookup = workflow is null
            ? new OozieLookup<string>.NotFound(jobId, "E0604", $"Job {jobId} does not exist")
            : new OozieLookup<string>.Found(workflow.Status);
        return Task.FromResult(lookup);
    }

    public Task<WorkflowJobList> ListJobsAsync(KnoxCredentials credentials, WorkflowJobQuery query, CancellationToken cancellationToken = default)
    {
        var filter = (query.Filter ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(term => term.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        var matching = _workflows
            .Where(w => (!filter.TryGetValue("name", out var name) || w.Name == name) && (!filter.TryGetValue("user", out var user) || w.User == user))
            .Select(w => new WorkflowJob(w.Id, w.Name, w.AppPath, w.User, null, w.Status, null, null, null, null, null, null, null, 0, null, []))
            .ToList();
        return Task.FromResult(new WorkflowJobList(matching.Count, query.Offset, query.Len, matching, default(JsonElement)));
    }

    public Task<OozieLookup<WorkflowJob>> GetJobInfoAsync(
        KnoxCredentials credentials, string jobId, OozieApiVersion version = OozieApiVersion.V2, CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    public Task<OozieLookup<CoordinatorJob>> GetCoordinatorJobInfoAsync(
        KnoxCredentials credentials, string jobId, int offset = 1, int len = 1000, bool newestFirst = false, CancellationToken cancellationToken = default)
    {
        CoordinatorPagesRead++;
        if (!_coordinators.TryGetValue(jobId, out var coordinator))
        {
            return Task.FromResult<OozieLookup<CoordinatorJob>>(new OozieLookup<CoordinatorJob>.NotFound(jobId, "E0604", $"Job {jobId} does not exist"));
        }

        var actions = coordinator.Workflows
            .Select((workflow, index) => new CoordinatorAction($"{jobId}@{index + 1}", jobId, index + 1, null, workflow, null, null, null, null, null, null, null))
            .Skip(offset - 1).Take(len).ToList();
        var job = new CoordinatorJob(jobId, null, null, null, coordinator.Status, null, null, null, null, null, null, coordinator.Workflows.Count, actions);
        return Task.FromResult<OozieLookup<CoordinatorJob>>(new OozieLookup<CoordinatorJob>.Found(job));
    }

    public Task<OozieLookup<BundleJob>> GetBundleJobInfoAsync(KnoxCredentials credentials, string jobId, CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    public Task<OozieLookup<string>> GetJobLogAsync(
        KnoxCredentials credentials, string jobId, OozieApiVersion version = OozieApiVersion.V2, CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    public Task<string> SubmitEmbeddedWorkflowAsync(
        KnoxCredentials credentials, string workflowXml, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    private sealed class Submitted(string id, string name, string user, string appPath, XDocument definition)
    {
        public string Id { get; } = id;

        public string Name { get; } = name;

        public string User { get; } = user;

        public string AppPath { get; } = appPath;

        public XDocument Definition { get; } = definition;

        public string Status { get; set; } = OozieStatus.Running;
    }
}
