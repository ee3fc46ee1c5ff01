using System.Diagnostics.Metrics;
using Tracker.Hadoop;
using Tracker.Jobs.Storage;

namespace Tracker.Jobs.Telemetry;

/// <summary>
/// The <c>Tracker.Jobs</c> meter: tracked jobs by tracking state, log copies, worker rounds, lease
/// conflicts and every call through the Knox gateway by service. Created from the host's
/// <see cref="IMeterFactory"/>; nothing is measured unless a listener subscribes.
/// </summary>
internal sealed class JobsMetrics : IHadoopCallObserver
{
    public const string MeterName = "Tracker.Jobs";

    private static readonly InstrumentAdvice<double> CallBuckets = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    };

    private readonly Counter<long> _copiesStarted;
    private readonly Counter<long> _copiesSaved;
    private readonly Counter<long> _copiesFailed;
    private readonly Counter<long> _copiesRetried;
    private readonly Histogram<double> _roundDuration;
    private readonly Counter<long> _leaseConflicts;
    private readonly Histogram<double> _upstreamDuration;
    private readonly Counter<long> _upstreamErrors;
    private volatile IReadOnlyDictionary<TrackingState, long>? _tracked;

    public JobsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("tracker.jobs.tracked", ObserveTracked, "{job}",
            "Tracked jobs by tracking state (tracking, copying, done, vanished), as of the worker's last round.");
        _copiesStarted = meter.CreateCounter<long>("tracker.jobs.copies.started", "{copy}",
            "Copy workflows submitted to Oozie (one per application and attempt).");
        _copiesSaved = meter.CreateCounter<long>("tracker.jobs.copies.saved", "{copy}",
            "Application logs copied and found in HDFS.");
        _copiesFailed = meter.CreateCounter<long>("tracker.jobs.copies.failed", "{copy}",
            "Application log copies given up after their last attempt.");
        _copiesRetried = meter.CreateCounter<long>("tracker.jobs.copies.retried", "{copy}",
            "Copy attempts that failed and will be tried again.");
        _roundDuration = meter.CreateHistogram("tracker.jobs.worker.round.duration", "s",
            "One round of the tracking worker: take due jobs under a lease and move each one step.", advice: CallBuckets);
        _leaseConflicts = meter.CreateCounter<long>("tracker.jobs.lease.conflicts", "{conflict}",
            "A job's lease lost before its step was written (worker) or held by another when a request needed it (api).");
        _upstreamDuration = meter.CreateHistogram("tracker.jobs.upstream.duration", "s",
            "Calls through the Knox gateway (retries included), by service (knox, oozie, webhdfs, resourcemanager) and outcome.", advice: CallBuckets);
        _upstreamErrors = meter.CreateCounter<long>("tracker.jobs.upstream.errors", "{error}",
            "Gateway calls that failed, by service and error type (unauthorized, timeout, unreachable, or the 5xx status).");
    }

    public void TrackedJobsCounted(IReadOnlyDictionary<TrackingState, long> counts) => _tracked = counts;

    public void CopyStarted() => _copiesStarted.Add(1);

    public void CopySaved() => _copiesSaved.Add(1);

    public void CopyFailed() => _copiesFailed.Add(1);

    public void CopyRetried() => _copiesRetried.Add(1);

    public void RoundCompleted(TimeSpan elapsed, int jobs)
        => _roundDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("tracker.jobs.idle", jobs == 0));

    public void LeaseConflict(string where) => _leaseConflicts.Add(1, new KeyValuePair<string, object?>("tracker.lease.holder", where));

    /// <summary>A call to the gateway itself (readiness probes, credential checks), not to a service behind it.</summary>
    public void KnoxCall(TimeSpan elapsed, string? errorType) => Record("knox", elapsed, errorType);

    public void CallCompleted(HadoopService service, TimeSpan elapsed, string? errorType)
        => Record(ServiceName(service), elapsed, errorType);

    internal static string ServiceName(HadoopService service) => service switch
    {
        HadoopService.Oozie => "oozie",
        HadoopService.WebHdfs => "webhdfs",
        _ => "resourcemanager",
    };

    private void Record(string service, TimeSpan elapsed, string? errorType)
    {
        var tag = new KeyValuePair<string, object?>("hadoop.service", service);
        _upstreamDuration.Record(elapsed.TotalSeconds, tag, new("outcome", errorType is null ? "ok" : "error"));
        if (errorType is not null)
        {
            _upstreamErrors.Add(1, tag, new("error.type", errorType));
        }
    }

    private IEnumerable<Measurement<long>> ObserveTracked()
    {
        if (_tracked is not { } counts)
        {
            return [];
        }

        // Every state gets a series, zero included, so a state emptying shows as 0 rather than a gap.
        return Enum.GetValues<TrackingState>()
            .Select(state => new Measurement<long>(counts.GetValueOrDefault(state), new KeyValuePair<string, object?>("tracking.state", StoreRows.Name(state))))
            .ToList();
    }
}
