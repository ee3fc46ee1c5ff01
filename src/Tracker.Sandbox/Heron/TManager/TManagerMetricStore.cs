using System.Globalization;

namespace Tracker.Sandbox.Heron;

/// <summary>
/// The metrics a topology's TManager holds (contract §3.1): per instance and metric a ring of
/// 60-second buckets covering the last three hours, plus the all-time cumulative value. Bucket
/// starts are NOT minute-aligned: a real TManager opens a bucket at each purge, counted from the
/// second it started, and a purge that runs late (a stalled event loop) stretches one bucket and
/// shifts every later start; the ring holds one such stall. Values are a pure function of
/// (instance, metric, bucket number), so time can advance without a timer and tests can read
/// exactly what the emulator answers. Every answer is computed over the buckets held (at most
/// <see cref="BucketCount"/>), whatever interval was asked.
/// </summary>
public sealed class TManagerMetricStore
{
    /// <summary>180 buckets of 60 s: <c>heron.tmanager.metrics.collector.maximum.interval.min</c> / purge interval.</summary>
    public const int BucketCount = 180;

    public const int BucketSeconds = 60;

    /// <summary>How late the one stalled purge ran: the stalled bucket lasted 60 + this many seconds.</summary>
    public const int StallSeconds = 17;

    /// <summary>The component under which stream managers report their own metrics.</summary>
    public const string StreamManagerComponent = "__stmgr__";

    private readonly TimeProvider _time;
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, Series>>> _components = new(StringComparer.Ordinal);

    internal TManagerMetricStore(DemoTopology topology, TimeProvider time)
    {
        _time = time;
        var started = time.GetUtcNow().ToUnixTimeSeconds();
        // The TManager has been up for three hours (plus its one stall), so the whole ring is
        // already filled; the stall was half an hour ago. A start that would put bucket starts on
        // whole minutes, before or after the stall, is nudged: tests must tell raw from floored.
        Origin = started - BucketCount * BucketSeconds - StallSeconds;
        while (Origin % 60 == 0 || (Origin + StallSeconds) % 60 == 0)
        {
            Origin += 13;
        }

        StalledBucket = BucketCount - 30;

        foreach (var instance in topology.Instances)
        {
            var metrics = Component(instance.Component);
            var series = metrics[instance.Id] = new Dictionary<string, Series>(StringComparer.Ordinal);
            var spout = topology.Components.First(c => c.Name == instance.Component).IsSpout;
            foreach (var (name, kind) in InstanceMetrics(spout))
            {
                series[name] = new Series(instance.Id, name, kind);
            }
        }

        var streamManagers = Component(StreamManagerComponent);
        for (var container = 1; container <= topology.Containers; container++)
        {
            var id = DemoTopology.StreamManagerId(container);
            var series = streamManagers[id] = new Dictionary<string, Series>(StringComparer.Ordinal);
            series["__server/__time_spent_back_pressure_initiated"] = new Series(id, "__server/__time_spent_back_pressure_initiated", TManagerMetricKind.Sum);
            foreach (var instance in topology.InstancesIn(container))
            {
                var name = $"__time_spent_back_pressure_by_compid/{instance.Id}";
                series[name] = new Series(id, name, TManagerMetricKind.Sum);
            }
        }
    }

    /// <summary>
    /// Unix second at which bucket 0 started; bucket n covers <c>[StartOf(n), StartOf(n + 1)]</c>,
    /// 60 s except the <see cref="StalledBucket"/>.
    /// </summary>
    public long Origin { get; }

    /// <summary>The bucket whose closing purge ran <see cref="StallSeconds"/> late: every later start is shifted by that.</summary>
    public long StalledBucket { get; }

    /// <summary>The unix second bucket <paramref name="n"/> started.</summary>
    public long StartOf(long n) => Origin + n * BucketSeconds + (n > StalledBucket ? StallSeconds : 0);

    public IReadOnlyCollection<string> Components => _components.Keys;

    public IReadOnlyCollection<string> InstancesOf(string component) =>
        _components.TryGetValue(component, out var instances) ? instances.Keys : [];

    public IReadOnlyCollection<string> MetricsOf(string component, string instance) =>
        _components.TryGetValue(component, out var instances) && instances.TryGetValue(instance, out var metrics) ? metrics.Keys : [];

    public bool HasComponent(string component) => _components.ContainsKey(component);

    public bool HasInstance(string component, string instance) =>
        _components.TryGetValue(component, out var instances) && instances.ContainsKey(instance);

    public static TManagerMetricKind KindOf(string metric) => metric switch
    {
        _ when metric.StartsWith("__complete-latency", StringComparison.Ordinal)
            || metric.StartsWith("__execute-latency", StringComparison.Ordinal)
            || metric.StartsWith("__process-latency", StringComparison.Ordinal) => TManagerMetricKind.Average,
        _ when metric.StartsWith("__jvm-", StringComparison.Ordinal) => TManagerMetricKind.Last,
        _ => TManagerMetricKind.Sum,
    };

    /// <summary>
    /// The buckets overlapping <c>[start, end]</c> (<c>bucket.start ≤ end && start ≤ bucket.end</c>),
    /// newest first as the TManager lists them; null when the instance does not report the metric.
    /// </summary>
    public IReadOnlyList<TManagerBucket>? Minutely(string component, string instance, string metric, long start, long end)
    {
        if (Find(component, instance, metric) is not { } series)
        {
            return null;
        }

        var current = Current;
        var (first, last) = Overlapping(start, end, current);
        if (last < first)
        {
            return [];
        }

        // first and last lie inside the ring, so this is at most BucketCount buckets.
        var buckets = new List<TManagerBucket>((int)(last - first + 1));
        for (var n = last; n >= first; n--)
        {
            buckets.Add(new TManagerBucket(StartOf(n), StartOf(n + 1), Format(series.Value(n, n == current))));
        }

        return buckets;
    }

    /// <summary>
    /// The value a non-minutely request gets: <paramref name="start"/> ≤ 0 means the all-time
    /// cumulative value, otherwise the aggregate of the overlapping buckets. Null when the
    /// instance does not report the metric.
    /// </summary>
    public string? Aggregate(string component, string instance, string metric, long start, long end)
    {
        if (Find(component, instance, metric) is not { } series)
        {
            return null;
        }

        var current = Current;
        var (first, last) = start <= 0 ? (0L, Math.Min(current, IndexAt(end))) : Overlapping(start, end, current);
        if (last < first)
        {
            return Format(series.Kind == TManagerMetricKind.Average ? double.NaN : 0);
        }

        switch (series.Kind)
        {
            case TManagerMetricKind.Last:
                return Format(series.Value(last, last == current));
            case TManagerMetricKind.Average:
                double sum = 0, count = 0;
                for (var n = first; n <= last; n++)
                {
                    var (s, c) = series.SumAndCount(n, n == current);
                    sum += s;
                    count += c;
                }

                return Format(count == 0 ? double.NaN : sum / count);
            default:
                double total = 0;
                for (var n = first; n <= last; n++)
                {
                    total += series.Value(n, n == current);
                }

                return Format(total);
        }
    }

    /// <summary>C++ <c>std::to_string(double)</c>: six decimals, NaN as glibc prints a negative NaN.</summary>
    public static string Format(double value) =>
        double.IsNaN(value) ? "-nan" : value.ToString("F6", CultureInfo.InvariantCulture);

    private long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    private long Current => Math.Max(0, IndexAt(Now));

    /// <summary>The buckets held that overlap <c>[start, end]</c>: within the ring whatever the interval (any longs, from the wire).</summary>
    private (long First, long Last) Overlapping(long start, long end, long current)
    {
        var oldest = Math.Max(0, current - BucketCount + 1);
        // The first bucket overlapping is the one holding start − 1 (it ends at or after start).
        var first = Math.Max(oldest, start == long.MinValue ? -1 : IndexAt(start - 1));
        var last = Math.Min(current, IndexAt(end));
        return (first, last);
    }

    /// <summary>The bucket holding unix second <paramref name="t"/> (the last one started at or before it); −1 before bucket 0.</summary>
    private long IndexAt(long t)
    {
        if (t < Origin)
        {
            return -1;
        }

        var unshifted = (t - Origin) / BucketSeconds;
        return unshifted <= StalledBucket ? unshifted : Math.Max(StalledBucket, (t - Origin - StallSeconds) / BucketSeconds);
    }

    private Dictionary<string, Dictionary<string, Series>> Component(string name)
    {
        if (!_components.TryGetValue(name, out var instances))
        {
            _components[name] = instances = new Dictionary<string, Dictionary<string, Series>>(StringComparer.Ordinal);
        }

        return instances;
    }

    private Series? Find(string component, string instance, string metric) =>
        _components.TryGetValue(component, out var instances)
        && instances.TryGetValue(instance, out var metrics)
        && metrics.TryGetValue(metric, out var series)
            ? series
            : null;

    private static IEnumerable<(string Name, TManagerMetricKind Kind)> InstanceMetrics(bool spout)
    {
        string[] names = spout
            ? ["__emit-count/default", "__ack-count/default", "__fail-count/default", "__complete-latency/default"]
            : ["__emit-count/default", "__execute-count/default", "__ack-count/default", "__fail-count/default",
               "__execute-latency/default", "__process-latency/default"];
        string[] jvm =
            ["__jvm-uptime-secs", "__jvm-process-cpu-load", "__jvm-memory-used-mb", "__jvm-memory-mb-total", "__jvm-gc-collection-time-ms"];
        return names.Concat(jvm).Select(n => (n, KindOf(n)));
    }

    /// <summary>One instance's metric: values derived from a stable hash, never stored.</summary>
    private sealed class Series(string instance, string metric, TManagerMetricKind kind)
    {
        private readonly ulong _seed = Hash(instance, metric);
        private readonly Shape _shape = ShapeOf(metric, kind);

        private enum Shape
        {
            Count,
            Failures,
            Latency,
            Uptime,
            CpuLoad,
            MemoryUsed,
            MemoryTotal,
            GcTime,
            BackPressure,
        }

        public TManagerMetricKind Kind { get; } = kind;

        public (double Sum, double Count) SumAndCount(long n, bool current)
        {
            // The current minute of a latency has no samples yet: the TManager answers NaN for it.
            if (current)
            {
                return (0, 0);
            }

            var h = Mix(_seed, n);
            var count = 1 + (double)(h % 10);
            return (count * (0.5 + (h >> 8) % 1000 / 100.0), count);
        }

        public double Value(long n, bool current)
        {
            var h = Mix(_seed, n);
            return _shape switch
            {
                Shape.Latency => SumAndCount(n, current) is var (s, c) && c > 0 ? s / c : double.NaN,
                Shape.Uptime => (n + 1) * (double)BucketSeconds,
                Shape.CpuLoad => h % 1000 / 1000.0,
                Shape.MemoryUsed => 100.0 + h % 300,
                Shape.MemoryTotal => 512.0,
                Shape.GcTime => n * 12.0 + h % 10,
                Shape.Failures => h % 4,
                Shape.BackPressure => h % 5 == 0 ? h % 2000 : 0.0,
                _ => 200.0 + h % 800,
            };
        }

        private static Shape ShapeOf(string metric, TManagerMetricKind kind) => metric switch
        {
            _ when kind == TManagerMetricKind.Average => Shape.Latency,
            "__jvm-uptime-secs" => Shape.Uptime,
            "__jvm-process-cpu-load" => Shape.CpuLoad,
            "__jvm-memory-used-mb" => Shape.MemoryUsed,
            "__jvm-memory-mb-total" => Shape.MemoryTotal,
            "__jvm-gc-collection-time-ms" => Shape.GcTime,
            _ when metric.StartsWith("__fail-count", StringComparison.Ordinal) => Shape.Failures,
            _ when metric.StartsWith("__time_spent_back_pressure", StringComparison.Ordinal) => Shape.BackPressure,
            _ => Shape.Count,
        };

        private static ulong Hash(string instance, string metric)
        {
            var h = 14695981039346656037UL;
            foreach (var c in instance + "\0" + metric)
            {
                h = (h ^ c) * 1099511628211UL;
            }

            return h;
        }

        private static ulong Mix(ulong seed, long n)
        {
            var z = seed + (ulong)n * 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
