using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.Yarn;

namespace Tracker.Jobs.Tracking;

/// <summary>
/// Finds a workflow job's YARN applications: every action's <c>externalId</c> and comma-separated
/// <c>externalChildIDs</c> (<c>job_</c> on Oozie 4, <c>application_</c> on Oozie 5), then, where the
/// ResourceManager answers, the applications carrying each action's <c>oozie-&lt;sha384&gt;</c> tag.
/// Ids are returned without prefix and without duplicates.
/// </summary>
internal sealed partial class ApplicationDiscovery(
    IResourceManagerClient resourceManager, IOptions<TrackingOptions> options, ILogger<ApplicationDiscovery> logger)
{
    public async Task<IReadOnlyList<string>> DiscoverAsync(
        KnoxCredentials credentials, WorkflowJob job, bool askResourceManager, CancellationToken cancellationToken)
    {
        var ids = OozieApplicationIds.From(job).ToList();
        if (!askResourceManager || !options.Value.DiscoverTaggedApplications)
        {
            return ids;
        }

        var seen = new HashSet<string>(ids, StringComparer.Ordinal);
        foreach (var action in job.Actions)
        {
            // Control nodes (:start:, :end:, kill) launch nothing.
            if (string.IsNullOrEmpty(action.Id) || action.Name.StartsWith(':') || string.IsNullOrEmpty(action.ExternalId) || action.ExternalId == "-")
            {
                continue;
            }

            IReadOnlyList<YarnApplication> tagged;
            try
            {
                tagged = await resourceManager.GetApplicationsByTagAsync(credentials, OozieYarnTag.For(action.Id), cancellationToken);
            }
            catch (HadoopUpstreamException e)
            {
                // The ResourceManager is optional here: Oozie's own ids are enough to copy.
                LogResourceManagerUnavailable(logger, job.Id, e.Message);
                break;
            }

            foreach (var application in tagged)
            {
                if (OozieApplicationIds.Strip(application.Id) is { } id && seen.Add(id))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    [LoggerMessage(EventId = EventIds.ResourceManagerUnavailable, Level = LogLevel.Information, Message = "Application tags of job {JobId} not looked up: {Reason}")]
    private static partial void LogResourceManagerUnavailable(ILogger logger, string jobId, string reason);
}
