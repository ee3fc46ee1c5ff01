using System.Globalization;
using System.Text.Json;
using Tracker.Hadoop.Oozie;

namespace Tracker.Jobs.Watches;

/// <summary>One job of a listing page: what discovery needs of it.</summary>
internal sealed record ListedJob(string Id, string? AppName, DateTimeOffset? Created);

/// <summary>Reads a listing page of any job type from Oozie's answer (workflows, coordinators and bundles name their fields differently).</summary>
internal static class ListedJobs
{
    public static IReadOnlyList<ListedJob> Of(WorkflowJobList page, string jobType)
    {
        if (jobType == "wf")
        {
            return page.Workflows.Select(w => new ListedJob(w.Id, w.AppName, w.CreatedTime)).ToList();
        }

        var (list, id, name) = jobType == "coordinator"
            ? ("coordinatorjobs", "coordJobId", "coordJobName")
            : ("bundlejobs", "bundleJobId", "bundleJobName");
        if (!page.Raw.TryGetProperty(list, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return items.EnumerateArray()
            .Where(e => String(e, id) is not null)
            .Select(e => new ListedJob(String(e, id)!, String(e, name), Time(String(e, "createdTime"))))
            .ToList();
    }

    private static string? String(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // Oozie writes RFC 822 dates ("Thu, 03 Dec 2026 14:00:00 GMT").
    private static DateTimeOffset? Time(string? text)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
