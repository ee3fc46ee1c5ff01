namespace Tracker.Hosting.OpenApi;

/// <summary>One query parameter of a route: the handlers read the query themselves, so the document learns them here.</summary>
internal sealed record QueryParameter(string Name, string Description, bool Required = false, string Type = "string", bool Repeated = false);

/// <summary>What the handlers of a route read and answer, beyond what minimal APIs can infer.</summary>
/// <remarks><paramref name="Schema"/> names a component schema of the answer (<see cref="OpenApiSchemas"/>), an array of it with <paramref name="Array"/>.</remarks>
internal sealed record RouteDescription(
    string Description, IReadOnlyList<QueryParameter> Query, string SuccessType = "application/json", bool Upstream = false, string? Schema = null, bool Array = false);

/// <summary>
/// The parameters and answers of every Heron and <c>/api</c> route, keyed by path (Heron paths without
/// their <c>/v1</c> or <c>/v2</c> prefix). A route missing here still appears, described by its summary only;
/// the OpenAPI golden test shows such gaps.
/// </summary>
internal static class RouteDescriptions
{
    private static readonly QueryParameter Cluster = new("cluster", "The state manager's name (see /clusters).", Required: true);
    private static readonly QueryParameter Environ = new("environ", "The topology's environment, e.g. default.", Required: true);
    private static readonly QueryParameter Topology = new("topology", "The topology's name.", Required: true);
    private static readonly QueryParameter Role = new("role", "The submitting role; only topologies of this role match.");
    private static readonly QueryParameter Component = new("component", "A spout or bolt of the topology.", Required: true);
    private static readonly QueryParameter Instances = new("instance", "Instance ids (repeat for several); all of the component's when absent.", Repeated: true);
    private static readonly QueryParameter Instance = new("instance", "An instance id such as container_1_word_2.", Required: true);
    private static readonly QueryParameter MetricNames = new("metricname", "Metric names (repeat for several), e.g. __emit-count.", Required: true, Repeated: true);
    private static readonly QueryParameter StartTime = new("starttime", "Start of the interval, seconds since the epoch.", Required: true, Type: "integer");
    private static readonly QueryParameter EndTime = new("endtime", "End of the interval, seconds since the epoch.", Required: true, Type: "integer");
    private static readonly QueryParameter Container = new("container", "The container's index (0 is the TManager's).", Required: true, Type: "integer");
    private static readonly QueryParameter Path = new("path", "A path inside the container's working directory.", Required: true);

    private static readonly QueryParameter Refresh = new("refresh", "true asks Oozie again even for a job that has ended.", Type: "boolean");
    private static readonly QueryParameter[] One = [Cluster, Environ, Topology, Role];
    private static readonly QueryParameter[] Filters =
    [
        new("cluster", "Only this state manager's topologies."), new("environ", "Only this environment."), Role,
    ];

    private static readonly QueryParameter[] Metrics = [.. One, Component, MetricNames, Instances];
    private static readonly QueryParameter[] Timeline = [.. Metrics, StartTime, EndTime];
    private static readonly QueryParameter[] Exceptions = [.. One, Component, Instances];
    private static readonly QueryParameter[] Query = [.. One, new("query", "The metrics query, e.g. SUM(TS(word,*,__emit-count)).", Required: true), StartTime, EndTime];
    private static readonly QueryParameter[] Tool = [.. One, Instance];
    private static readonly QueryParameter[] FileData = [.. One, Container, Path, new("offset", "First byte to read.", Required: true, Type: "integer"), new("length", "Bytes to read (capped by Heron:Shell:MaxChunkBytes).", Required: true, Type: "integer")];
    private static readonly QueryParameter[] FileStats = [.. One, Container, new("path", "A directory inside the container's working directory; its root when absent.")];
    private static readonly QueryParameter[] FileDownload = [.. One, Container, Path];

    public static readonly IReadOnlyDictionary<string, RouteDescription> Heron = new Dictionary<string, RouteDescription>(StringComparer.Ordinal)
    {
        ["/clusters"] = new("The names of the configured state managers.", []),
        ["/topologies"] = new("Topology names as cluster → role → environ → [names].", Filters),
        ["/topologies/states"] = new("Execution states as cluster → environ → topology → state.", Filters),
        ["/topologies/info"] = new("Everything known about one topology: plans, execution state, scheduler location, metadata.", One),
        ["/topologies/logicalplan"] = new("The logical plan of a topology.", One),
        ["/topologies/physicalplan"] = new("The physical plan of a topology.", One),
        ["/topologies/packingplan"] = new("The packing plan of a topology.", One),
        ["/topologies/executionstate"] = new("The execution state of a topology.", One),
        ["/topologies/schedulerlocation"] = new("Where the topology's scheduler runs.", One),
        ["/topologies/metadata"] = new("The topology's submission metadata.", One),
        ["/topologies/config"] = new("The topology's configuration.", One),
        ["/machines"] = new("Stream manager hosts as cluster → environ → topology → [hosts].",
            [Cluster, Environ, new("topology", "Topology names (repeat for several); all when absent.", Repeated: true)]),
        ["/topologies/metrics"] = new("Metrics of a component's instances aggregated over the last interval seconds (from the TManager).",
            [.. Metrics, new("interval", "Seconds to aggregate over; -1 for the whole lifetime.", Type: "integer")], Upstream: true),
        ["/topologies/metrics/timeline"] = new("Minutely values of metrics per instance between starttime and endtime (from the TManager).", Timeline, Upstream: true),
        ["/topologies/metricstimeline"] = new("The legacy path of the metrics timeline; values are strings.", Timeline, Upstream: true),
        ["/topologies/exceptions"] = new("Exception logs of a component's instances (from the TManager).", Exceptions, Upstream: true),
        ["/topologies/exceptionsummary"] = new("A component's exceptions grouped by class name (from the TManager).", Exceptions, Upstream: true),
        ["/topologies/runtimestate"] = new("Which stream managers are registered with the TManager.", One, Upstream: true),
        ["/topologies/metricsquery"] = new("Evaluates a metrics query over [starttime, endtime].", Query, Upstream: true),
        ["/topologies/metrics/query"] = new("Evaluates a metrics query over [starttime, endtime]; minutely results per instance or aggregated.", Query, Upstream: true),
        ["/topologies/pid"] = new("The process id of an instance's JVM (through heron-shell).", Tool, Upstream: true),
        ["/topologies/jstack"] = new("A thread dump of an instance's JVM (through heron-shell).", Tool, Upstream: true),
        ["/topologies/jmap"] = new("Writes a heap dump of an instance's JVM on its container's host (through heron-shell).", Tool, Upstream: true),
        ["/topologies/histo"] = new("A class histogram of an instance's heap (through heron-shell).", Tool, Upstream: true),
        ["/topologies/containerfiledata"] = new("A chunk of a file in a container (through heron-shell).", FileData, Upstream: true),
        ["/topologies/containerfilestats"] = new("The listing of a directory in a container (through heron-shell).", FileStats, Upstream: true),
        ["/topologies/containerfiledownload"] = new("A file of a container as an attachment (through heron-shell).", FileDownload, "application/octet-stream", Upstream: true),
        ["/topologies/container/filedata"] = new("A chunk of a file in a container (through heron-shell).", FileData, Upstream: true),
        ["/topologies/container/filestats"] = new("The listing of a directory in a container (through heron-shell).", FileStats, Upstream: true),
        ["/topologies/container/filedownload"] = new("A file of a container as an attachment (through heron-shell).", FileDownload, "application/octet-stream", Upstream: true),
    };

    public static readonly IReadOnlyDictionary<string, RouteDescription> Jobs = new Dictionary<string, RouteDescription>(StringComparer.Ordinal)
    {
        ["/api/task/track"] = new("Starts tracking the Oozie jobs named in the body; unknown ids and other users' jobs are left out.", [], Schema: OpenApiSchemas.TrackSummary, Array: true),
        ["/api/task/copy-logs"] = new("Copies the YARN logs of the jobs named in the body into HDFS now.",
            [new("refresh", "true copies again logs that were already copied.", Type: "boolean")], Schema: OpenApiSchemas.CopyRequest),
        ["/api/job/{id}"] = new("A job: its Oozie status, its YARN applications and their log copies (tracking fields once tracked).", [Refresh], Schema: OpenApiSchemas.TrackedJob),
        ["/api/job/{id}/status"] = new("The job's Oozie status.", [Refresh], Schema: OpenApiSchemas.JobStatus),
        ["/api/job/{id}/logs"] = new("The copied logs of the job's applications, concatenated.",
            [new("id", "Application ids (repeat for several); every application's when absent.", Repeated: true)], "text/plain"),
        ["/api/job/{id}/logs/status"] = new("Where each application's log copy stands.", [], Schema: OpenApiSchemas.CopyStatus),
        ["/api/job/{id}/logs/{appId}"] = new("One application's copied log.", [], "text/plain"),
        ["/api/jobs"] = new("Oozie's jobs as the caller may see them.",
        [
            new("filter", "An Oozie filter such as status=FAILED;user=alice."),
            new("offset", "First job, from 1.", Type: "integer"),
            new("len", "Jobs per page, 1 to 1000 (default 50).", Type: "integer"),
            new("jobtype", "wf (default), coordinator or bundle."),
        ], Upstream: true),
        ["/api/jobs/tracking"] = new("The caller's tracked jobs with their copies.", [], Schema: OpenApiSchemas.TrackedJobListed, Array: true),
        ["/api/cluster"] = new("The ResourceManager's clusterInfo, passed through.", [], Upstream: true),
        ["/api/cluster/metrics"] = new("The ResourceManager's clusterMetrics, passed through.", [], Upstream: true),
        ["/api/cluster/scheduler"] = new("The ResourceManager's schedulerInfo, passed through.", [], Upstream: true),
        ["/api/watches"] = new("The caller's watches (GET), or a new one (POST {\"filter\", \"jobtype\"}, 201): every new job of the caller matching the Oozie filter is tracked.", []),
        ["/api/watches/{id}"] = new("One of the caller's watches: its filter, how many jobs it tracked, and whether it is blocked (with the reason).", []),
    };
}
