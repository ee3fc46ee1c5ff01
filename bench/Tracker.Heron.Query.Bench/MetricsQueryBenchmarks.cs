using BenchmarkDotNet.Attributes;
using Tracker.Heron.Metrics;
using Tracker.Heron.Metrics.Query;

namespace Tracker.Heron.Query.Bench;

/// <summary>
/// Parse and evaluate the Heron UI's capacity and failures queries over 500 instances × 180 minutes whose
/// timelines are already fetched, so only the query language itself is measured.
/// </summary>
public class MetricsQueryBenchmarks
{
    private const string Capacity =
        "DIVIDE(DEFAULT(0,MULTIPLY(TS(exclaim,*,__execute-count/default),TS(exclaim,*,__execute-latency/default))),60000000000)";

    private const string Failures =
        "DEFAULT(0,DIVIDE(TS(exclaim,*,__fail-count/default),SUM(DEFAULT(1,TS(exclaim,*,__execute-count/default)),DEFAULT(0,TS(exclaim,*,__fail-count/default)))))";

    private const int Instances = 500;
    private const int Minutes = 180;
    private const long End = 1_795_346_400;
    private const long Start = End - (Minutes - 1) * 60;

    private PrefetchedTimelines _source = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var data = new Dictionary<string, IReadOnlyList<InstanceTimeline>>();
        foreach (var metric in new[] { "__execute-count/default", "__execute-latency/default", "__fail-count/default" })
        {
            var timelines = new List<InstanceTimeline>(Instances);
            for (var i = 0; i < Instances; i++)
            {
                // TManager buckets start at an arbitrary second and cover a minute either side of the window.
                var points = new TimelinePoint[Minutes + 2];
                var skew = random.Next(60);
                for (var m = 0; m < points.Length; m++)
                {
                    var value = metric == "__fail-count/default" && random.Next(10) > 0 ? 0 : random.Next(0, 100_000);
                    points[m] = new TimelinePoint(Start - 60 + m * 60L + skew, value);
                }

                timelines.Add(new InstanceTimeline($"container_{i / 4 + 1}_exclaim_{i + 1}", points));
            }

            data[metric] = timelines;
        }

        _source = new PrefetchedTimelines(data);
    }

    [Benchmark]
    public int CapacityQuery() => Run(Capacity);

    [Benchmark]
    public int FailuresQuery() => Run(Failures);

    [Benchmark]
    public QueryNode ParseFailuresQuery() => MetricsQueryParser.Parse(Failures);

    private int Run(string query)
    {
        var result = MetricsQueryEvaluator.EvaluateAsync(MetricsQueryParser.Parse(query), Start, End, _source).GetAwaiter().GetResult();
        return result.Timelines.Count;
    }

    private sealed class PrefetchedTimelines(Dictionary<string, IReadOnlyList<InstanceTimeline>> data) : ITimelineSource
    {
        public ValueTask<IReadOnlyList<InstanceTimeline>> FetchAsync(TimelineRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(data[request.Metric]);
    }
}
