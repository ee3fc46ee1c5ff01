using CsCheck;
using Tracker.Heron.Metrics;
using Tracker.Heron.Metrics.Query;

namespace Tracker.Heron.Tests.Metrics.Query;

/// <summary>
/// Properties over random timelines and random well-formed queries, and over random malformed queries.
/// Values are small integers so every operator stays finite and exact, which lets the properties compare exactly.
/// </summary>
public sealed class MetricsQueryPropertyTests
{
    private const int Iterations = 300;

    private static readonly string[] Instances = ["i1", "i2", "i3", "i4"];
    private static readonly string[] Metrics = ["m1", "m2"];

    /// <summary>Raw points as a TManager would send them: unaligned bucket starts around the window, some NaN.</summary>
    private static Gen<TimelinePoint[]> RawPoints(long start, long end) =>
        Gen.Select(
                Gen.Long[start - 150, end + 150],
                Gen.Frequency((9, Gen.Int[-20, 20].Select(i => (double)i)), (1, Gen.Const(double.NaN))),
                (t, v) => new TimelinePoint(t, v))
            .Array[0, 30];

    private static readonly Gen<(long Start, long End)> Window =
        Gen.Select(Gen.Long[6000, 6119], Gen.Int[0, 15], Gen.Int[0, 59], (s, minutes, extra) => (s, s + minutes * 60L + extra));

    private static Gen<Dataset> Data =>
        Window.SelectMany(w =>
            Gen.Select(RawPoints(w.Start, w.End), Gen.Bool)
                .Array[Instances.Length * Metrics.Length]
                .Select(points => new Dataset(w.Start, w.End, points)));

    [Fact]
    public void PercentileOf100_IsMax()
    {
        Gen.Select(Data, QueryGenerators.Query(3)).Sample((data, query) =>
        {
            var percentile = data.Run($"PERCENTILE(100,{query})");
            var max = data.Run($"MAX({query})");

            Assert.Equal(max.Single(), percentile.Single());
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void SumOfOneSeries_IsThatSeriesOnTheZeroFilledGrid()
    {
        Gen.Select(Data, Gen.OneOf(Instances.Select(Gen.Const).ToArray())).Sample((data, instance) =>
        {
            var sum = data.Run($"SUM(TS(c,{instance},m1))").Single();

            // Independent of the evaluator: the reference's dictionary semantics, point by point.
            var expected = new Dictionary<long, double>();
            for (var minute = MinuteGrid.CeilingMinute(data.Start); minute <= MinuteGrid.FloorMinute(data.End); minute += 60)
            {
                expected[minute] = 0;
            }

            foreach (var point in data.Points(instance, "m1"))
            {
                var minute = MinuteGrid.FloorMinute(point.Timestamp);
                if (!double.IsNaN(point.Value) && data.Start <= minute && minute <= data.End)
                {
                    expected[minute] = point.Value;
                }
            }

            Assert.Equal(expected, sum);
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void DivideOfASeriesByItself_IsOneWhereverItIsNonZero()
    {
        Gen.Select(Data, QueryGenerators.Query(3)).Sample((data, query) =>
        {
            var x = data.Run(query).ByInstance();
            var ratio = data.Run($"DIVIDE({query},{query})").ByInstance();

            Assert.Equal(x.Keys.Order(), ratio.Keys.Order());
            foreach (var (instance, points) in x)
            {
                var nonZero = points.Where(p => p.Value != 0).Select(p => p.Key).Order();
                Assert.Equal(nonZero, ratio[instance].Keys.Order());
                Assert.All(ratio[instance].Values, v => Assert.Equal(1.0, v));
            }
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void RateOfARunningSum_GivesBackTheIncrements()
    {
        var gen = Gen.Select(Window, Gen.Int[-100, 100].Array[40], Gen.Int[0, 59]);
        gen.Sample((window, increments, skew) =>
        {
            // A counter reported once a minute at a fixed, unaligned second of each minute.
            var first = MinuteGrid.CeilingMinute(window.Start) - 60;
            var points = new List<TimelinePoint>();
            var total = 0.0;
            var increment = new Dictionary<long, double>();
            for (var i = 0; first + 60L * i <= window.End; i++)
            {
                total += increments[i];
                increment[first + 60L * i] = increments[i];
                points.Add(new TimelinePoint(first + 60L * i + skew, total));
            }

            var source = new StaticTimelineSource([new InstanceTimeline("i1", points)]);
            var result = MetricsQueryEvaluator.EvaluateAsync(MetricsQueryParser.Parse("RATE(TS(c,*,m))"), window.Start, window.End, source)
                .GetAwaiter().GetResult();

            var expected = increment.Where(kv => kv.Key >= window.Start).ToDictionary();
            Assert.Equal(expected, result.ByInstance()["i1"]);
        }, iter: Iterations, threads: 1);
    }


    /// <summary>Mutations of well-formed queries and plain noise: whatever comes out, only a query error may be thrown.</summary>
    [Fact]
    public void AnyText_IsEitherAQueryOrAQueryError()
    {
        var data = new Dataset(6000, 6600, new (TimelinePoint[], bool)[Instances.Length * Metrics.Length].Select(_ => (Array.Empty<TimelinePoint>(), true)).ToArray());

        QueryGenerators.AnyText.Sample(text =>
        {
            try
            {
                var node = MetricsQueryParser.Parse(text);
                MetricsQueryEvaluator.EvaluateAsync(node, data.Start, data.End, data.Source).GetAwaiter().GetResult();
            }
            catch (MetricsQueryException)
            {
            }
        }, iter: 3000, threads: 1);
    }

    /// <summary>Queries broken in a way that can never be valid are always a query error, with a position inside the text.</summary>
    [Fact]
    public void MalformedQueries_AreAlwaysAQueryError()
    {
        QueryGenerators.Malformed.Sample(text =>
        {
            var error = Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse(text));
            Assert.InRange(error.Position, 0, text.Length);
        }, iter: 1000, threads: 1);
    }

    /// <summary>Random timelines for component <c>c</c>; the flag leaves an instance out of a metric entirely.</summary>
    private sealed record Dataset(long Start, long End, (TimelinePoint[] Points, bool Present)[] Slots)
    {
        public StaticTimelineSource Source => new(this);

        public TimelinePoint[] Points(string instance, string metric) =>
            Slots[Array.IndexOf(Metrics, metric) * Instances.Length + Array.IndexOf(Instances, instance)] is var (points, present) && present ? points : [];

        public IReadOnlyList<InstanceTimeline> For(string metric, string? instance) => !Metrics.Contains(metric) ? [] :
            Instances
                .Where(i => (instance is null || i == instance) && Slots[Array.IndexOf(Metrics, metric) * Instances.Length + Array.IndexOf(Instances, i)].Present)
                .Select(i => new InstanceTimeline(i, Points(i, metric)))
                .ToArray();

        public MetricsQueryResult Run(string query) =>
            MetricsQueryEvaluator.EvaluateAsync(MetricsQueryParser.Parse(query), Start, End, Source).GetAwaiter().GetResult();

        public override string ToString() => $"[{Start}, {End}] {string.Join("; ", Slots.Select(s => s.Present ? string.Join(" ", s.Points.Select(p => $"{p.Timestamp}:{p.Value}")) : "absent"))}";
    }

    /// <summary>Answers synchronously, so properties can run the evaluator without an async context.</summary>
    private sealed class StaticTimelineSource : ITimelineSource
    {
        private readonly Func<TimelineRequest, IReadOnlyList<InstanceTimeline>> _answer;

        public StaticTimelineSource(Dataset data) => _answer = r => data.For(r.Metric, r.Instance);

        public StaticTimelineSource(IReadOnlyList<InstanceTimeline> timelines) => _answer = _ => timelines;

        public ValueTask<IReadOnlyList<InstanceTimeline>> FetchAsync(TimelineRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(_answer(request));
    }
}
