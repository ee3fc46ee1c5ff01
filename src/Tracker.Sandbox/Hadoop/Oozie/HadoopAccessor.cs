using System.Net;
using System.Text.RegularExpressions;

namespace Tracker.Sandbox.Hadoop.Oozie;

/// <summary>
/// What Oozie's <c>HadoopAccessorService</c> lets a workflow reach: the cluster's own ResourceManager and name
/// node, as <c>oozie.service.HadoopAccessorService.jobTracker.whitelist</c> and <c>nameNode.whitelist</c> list them
/// (Cloudera Manager and Ambari fill both in). Values are compared as Oozie compares them: trimmed, lower-cased,
/// the name node by the authority of its URI; a path without an authority is on the default file system.
/// </summary>
internal sealed partial class HadoopAccessor
{
    private readonly string[] _jobTrackers;
    private readonly string[] _nameNodes;

    public HadoopAccessor(IEnumerable<string> jobTrackers, IEnumerable<string> nameNodes)
    {
        this._jobTrackers = jobTrackers.Select(j => j.Trim().ToLowerInvariant()).ToArray();
        this._nameNodes = nameNodes.Select(n => (Authority(n) ?? n).Trim().ToLowerInvariant()).ToArray();
    }

    /// <summary>The sandbox cluster: its ResourceManager (and the reference's alias for it) and its nameservice.</summary>
    public static HadoopAccessor Sandbox { get; } = new(
        [SandboxDefaults.ResourceManagerAddress, "sandbox-RMS:8032"], [SandboxDefaults.NameNode]);

    /// <summary>A submission whose application path lives on another name node: Oozie cannot read its workflow.xml.</summary>
    public void CheckApplicationPath(string appPath)
    {
        if (RefuseNameNode(appPath) is { } refusal)
        {
            throw new OozieRequestException(HttpStatusCode.BadRequest, "E0901", refusal);
        }
    }

    /// <summary>
    /// Why an action cannot start on this cluster, as Oozie records it on the action: <c>HadoopAccessorException</c>
    /// with the E0900/E0901 message. Null when its job tracker and name node (its own, else the workflow's
    /// <c>global</c> ones) are the cluster's.
    /// </summary>
    public ActionRefusal? Refuse(ActionNode action, WorkflowDefinition definition, IReadOnlyDictionary<string, string> properties)
    {
        var jobTracker = action.Child("job-tracker") ?? action.Child("resource-manager") ?? definition.GlobalJobTracker;
        var nameNode = action.Child("name-node") ?? definition.GlobalNameNode;
        foreach (var value in new[] { jobTracker, nameNode })
        {
            if (value is not null && Unresolved(value, properties) is { } variable)
            {
                // Oozie evaluates the action's EL before it starts it; an unknown variable fails the whole job.
                return new ActionRefusal("EL_ERROR", $"variable [{variable}] cannot be resolved", FailsJob: true);
            }
        }

        var refusal = (jobTracker is null ? null : RefuseJobTracker(Resolve(jobTracker, properties)))
            ?? (nameNode is null ? null : RefuseNameNode(Resolve(nameNode, properties)));
        return refusal is null ? null : new ActionRefusal("HadoopAccessorException", refusal, FailsJob: false);
    }

    private string? RefuseJobTracker(string value)
    {
        var normalized = value.Trim().ToLowerInvariant();
        return _jobTrackers.Contains(normalized, StringComparer.Ordinal)
            ? null
            : $"E0900: JobTracker [{normalized}] not allowed, not in Oozie's whitelist. Allowed values are: [{string.Join(", ", _jobTrackers)}]";
    }

    private string? RefuseNameNode(string uri)
    {
        var authority = Authority(uri.Trim())?.ToLowerInvariant();
        return authority is null || _nameNodes.Contains(authority, StringComparer.Ordinal)
            ? null
            : $"E0901: NameNode [{authority}] not allowed, not in Oozie's whitelist. Allowed values are: [{string.Join(", ", _nameNodes)}]";
    }

    /// <summary>The <c>host[:port]</c> of <c>scheme://host[:port]/path</c>; null for a bare path.</summary>
    private static string? Authority(string uri)
    {
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return null;
        }

        var start = schemeEnd + 3;
        var slash = uri.IndexOf('/', start);
        var authority = slash < 0 ? uri[start..] : uri[start..slash];
        return authority.Length == 0 ? null : authority;
    }

    /// <summary>Replaces <c>${name}</c> with the job property of that name (the idiom <c>${jobTracker}</c>, <c>${nameNode}</c>).</summary>
    private static string Resolve(string value, IReadOnlyDictionary<string, string> properties) =>
        Variable().Replace(value, m => properties.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    private static string? Unresolved(string value, IReadOnlyDictionary<string, string> properties) =>
        Variable().Matches(value).Select(m => m.Groups[1].Value).FirstOrDefault(name => !properties.ContainsKey(name));

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_.]*)\}")]
    private static partial Regex Variable();
}

/// <summary>
/// An action Oozie refused to start: its error code and message, and whether the refusal fails the job outright
/// (EL errors) or only the action, which then follows its <c>error</c> transition.
/// </summary>
internal sealed record ActionRefusal(string ErrorCode, string Message, bool FailsJob);
