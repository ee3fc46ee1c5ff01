namespace Tracker.Hadoop.Oozie;

/// <summary>
/// The YARN applications a workflow job's actions launched, read from the v2 job info: every action's
/// <c>externalId</c> (the launcher) then its comma-separated <c>externalChildIDs</c>. Oozie 4 reports MR
/// ids (<c>job_</c>), Oozie 5 YARN ids (<c>application_</c>); both map to the same <c>{clusterTs}_{seq}</c>.
/// </summary>
public static class OozieApplicationIds
{
    /// <summary>The ids without their prefix (<c>1529519049029_420001</c>), in order of appearance, without duplicates.</summary>
    public static IReadOnlyList<string> From(WorkflowJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ids = new List<string>();
        foreach (var action in job.Actions)
        {
            Add(action.ExternalId);
        }

        foreach (var action in job.Actions)
        {
            foreach (var child in action.ExternalChildIdList)
            {
                Add(child);
            }
        }

        return ids;

        void Add(string? externalId)
        {
            var id = Strip(externalId);
            if (id is not null && seen.Add(id))
            {
                ids.Add(id);
            }
        }
    }

    /// <summary><c>job_X</c> or <c>application_X</c> → <c>X</c> when X looks like <c>{digits}_{digits}</c>; null otherwise.</summary>
    public static string? Strip(string? externalId)
    {
        if (string.IsNullOrWhiteSpace(externalId))
        {
            return null;
        }

        var text = externalId.Trim();
        string rest;
        if (text.StartsWith("job_", StringComparison.Ordinal))
        {
            rest = text[4..];
        }
        else if (text.StartsWith("application_", StringComparison.Ordinal))
        {
            rest = text[12..];
        }
        else
        {
            return null;
        }

        var underscore = rest.IndexOf('_');
        return underscore > 0
            && underscore < rest.Length - 1
            && rest[..underscore].All(char.IsAsciiDigit)
            && rest[(underscore + 1)..].All(char.IsAsciiDigit)
            ? rest
            : null;
    }
}
