using System.Text.Json;

namespace Tracker.Hadoop.Yarn;

/// <summary>
/// The YARN ResourceManager's REST API behind the Knox gateway (<c>{gateway}/resourcemanager/v1/cluster/…</c>).
/// Every call is a GET and retried.
/// </summary>
public interface IResourceManagerClient
{
    /// <summary>The <c>clusterInfo</c> object of <c>/cluster/info</c>, as the RM sent it.</summary>
    Task<JsonElement> GetClusterInfoAsync(KnoxCredentials credentials, CancellationToken cancellationToken = default);

    /// <summary>The <c>clusterMetrics</c> object of <c>/cluster/metrics</c>.</summary>
    Task<JsonElement> GetClusterMetricsAsync(KnoxCredentials credentials, CancellationToken cancellationToken = default);

    /// <summary>The <c>scheduler.schedulerInfo</c> object of <c>/cluster/scheduler</c>.</summary>
    Task<JsonElement> GetSchedulerAsync(KnoxCredentials credentials, CancellationToken cancellationToken = default);

    /// <summary><c>/cluster/apps/{id}</c>; null when the RM does not know the application.</summary>
    Task<YarnApplication?> GetApplicationAsync(KnoxCredentials credentials, string applicationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>/cluster/apps?applicationTags={tag}</c>: e.g. the applications an Oozie action launched, found by
    /// its <c>oozie-&lt;sha384&gt;</c> tag (<see cref="Oozie.OozieYarnTag"/>).
    /// </summary>
    Task<IReadOnlyList<YarnApplication>> GetApplicationsByTagAsync(KnoxCredentials credentials, string tag, CancellationToken cancellationToken = default);
}
