using Tracker.Heron.Metrics.Query;
using static Tracker.Heron.Tests.Metrics.Query.QueryTestExtensions;

namespace Tracker.Heron.Tests.Metrics.Query;

/// <summary>
/// The reference's operator tests (contract §6.1, <c>query_operator_unittest.py</c>: start = 100, end = 300) with the
/// same inputs and outputs. The reference mocks child operators; here the children are real TS leaves over
/// timelines whose raw keys are those minutes, which TS keeps as they are.
/// </summary>
public sealed class MetricsQueryEvaluatorTests
{
    private const long Start = 100;
    private const long End = 300;

    private static readonly (long, double)[] Ones = [(120, 1), (180, 1), (240, 1), (300, 1)];

    private static FakeTimelineSource FiveInstances(string metric, Func<int, double> value)
    {
        var source = new FakeTimelineSource();
        string[] names = ["instance", "instance2", "instance3", "instance4", "instance5"];
        for (var i = 0; i < names.Length; i++)
        {
            var v = value(i + 1);
            source.Add("c", metric, names[i], (120, v), (180, v), (240, v), (300, v));
        }

        return source;
    }

    [Fact]
    public async Task TS_FetchesTheWindowWithAMinuteEitherSide_AndFloorsIntoIt()
    {
        var source = new FakeTimelineSource()
            .Add("a", "c", "b", (40, 1.0), (100, 1.0), (160, 1.0), (220, 1.0), (280, 1.0), (340, 1.0));

        var result = await source.RunAsync("TS(a, b, c)", Start, End);

        Assert.Equal([new TimelineRequest("a", "b", "c", 40, 360)], source.Requests);
        var timeline = Assert.Single(result.Timelines);
        Assert.Equal("b", timeline.Instance);
        Assert.Equal(Points((120, 1), (180, 1), (240, 1), (300, 1)), result.Single());
    }

    [Fact]
    public async Task TS_FetcherError_FailsTheQuery()
    {
        var source = new FakeTimelineSource { Failure = new InvalidOperationException("some_exception") };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => source.RunAsync("TS(a, b, c)", Start, End));
        Assert.Equal("some_exception", error.Message);
    }

    [Fact]
    public async Task TS_AllInstances_AsksForNoInstance_AndLeavesMissingMinutesMissing()
    {
        var source = new FakeTimelineSource()
            .Add("a", "c", "b", (40, 1), (100, 1), (220, 1), (280, 1), (340, 1))
            .Add("a", "c", "d", (40, 2), (100, 2), (160, 2), (220, 2), (280, 2), (340, 2));

        var result = (await source.RunAsync("TS(a, *, c)", Start, End)).ByInstance();

        Assert.Equal([new TimelineRequest("a", null, "c", 40, 360)], source.Requests);
        Assert.Equal(Points((180, 1), (240, 1), (300, 1)), result["b"]);
        Assert.Equal(Points((120, 2), (180, 2), (240, 2), (300, 2)), result["d"]);
    }

    [Fact]
    public async Task DEFAULT_LeavesCompleteTimelinesAlone()
    {
        var source = new FakeTimelineSource().Add("c", "m", "instance", Ones);

        var result = await source.RunAsync("DEFAULT(0, TS(c, *, m))", Start, End);

        Assert.Equal("instance", Assert.Single(result.Timelines).Instance);
        Assert.Equal(Points(Ones), result.Single());
    }

    [Fact]
    public async Task DEFAULT_FillsAMissingMinute()
    {
        var source = new FakeTimelineSource().Add("c", "m", "instance", (180, 1), (240, 1), (300, 1));

        var result = await source.RunAsync("DEFAULT(0, TS(c, *, m))", Start, End);

        Assert.Equal(Points((120, 0), (180, 1), (240, 1), (300, 1)), result.Single());
    }

    [Fact]
    public async Task DEFAULT_FillsEachTimelineSeparately()
    {
        var source = new FakeTimelineSource()
            .Add("c", "m", "instance", (180, 1), (240, 1), (300, 1))
            .Add("c", "m", "instance2", (120, 2), (240, 2));

        var result = (await source.RunAsync("DEFAULT(0, TS(c, *, m))", Start, End)).ByInstance();

        Assert.Equal(Points((120, 0), (180, 1), (240, 1), (300, 1)), result["instance"]);
        Assert.Equal(Points((120, 2), (180, 0), (240, 2), (300, 0)), result["instance2"]);
    }

    [Fact]
    public async Task SUM_AddsConstantsToEveryMinute()
    {
        var source = new FakeTimelineSource().Add("c", "m", "instance", Ones);

        var result = await source.RunAsync("SUM(10, TS(c, *, m))", Start, End);

        Assert.Null(Assert.Single(result.Timelines).Instance);
        Assert.Equal(Points((120, 11), (180, 11), (240, 11), (300, 11)), result.Single());
    }

    [Fact]
    public async Task SUM_MissingMinuteGetsTheConstantsAlone()
    {
        var source = new FakeTimelineSource().Add("c", "m", "instance", (180, 1), (240, 1), (300, 1));

        var result = await source.RunAsync("SUM(10, TS(c, *, m))", Start, End);

        Assert.Equal(Points((120, 10), (180, 11), (240, 11), (300, 11)), result.Single());
    }

    [Fact]
    public async Task SUM_AddsEveryTimeline()
    {
        var source = new FakeTimelineSource()
            .Add("c", "m", "instance", (180, 1), (240, 1), (300, 1))
            .Add("c", "m", "instance2", (120, 2), (180, 2), (240, 2), (300, 2));

        var result = await source.RunAsync("SUM(10, TS(c, *, m))", Start, End);

        Assert.Equal(Points((120, 12), (180, 13), (240, 13), (300, 13)), result.Single());
    }

    [Fact]
    public async Task MAX_OfOneTimelineIsThatTimeline()
    {
        var source = new FakeTimelineSource().Add("c", "m", "instance", Ones);

        var result = await source.RunAsync("MAX(TS(c, *, m))", Start, End);

        Assert.Equal(Points(Ones), result.Single());
    }

    [Fact]
    public async Task MAX_KeepsMissingMinutesMissing()
    {
        var source = new FakeTimelineSource().Add("c", "m", "instance", (180, 1), (240, 1), (300, 1));

        var result = await source.RunAsync("MAX(TS(c, *, m))", Start, End);

        Assert.Equal(Points((180, 1), (240, 1), (300, 1)), result.Single());
    }

    [Fact]
    public async Task MAX_TakesThePerMinuteMaximumAcrossTimelines()
    {
        var source = new FakeTimelineSource()
            .Add("c", "m", "instance", (180, 1), (240, 3), (300, 3))
            .Add("c", "m", "instance2", (120, 2), (180, 0), (240, 2), (300, 5));

        var result = await source.RunAsync("MAX(TS(c, *, m))", Start, End);

        Assert.Equal(Points((120, 2), (180, 1), (240, 3), (300, 5)), result.Single());
    }

    [Fact]
    public async Task PERCENTILE_OfOneTimelineIsThatTimeline()
    {
        var source = new FakeTimelineSource().Add("c", "m", "instance", Ones);

        Assert.Equal(Points(Ones), (await source.RunAsync("PERCENTILE(90, TS(c, *, m))", Start, End)).Single());
    }

    [Fact]
    public async Task PERCENTILE_KeepsMissingMinutesMissing()
    {
        var source = new FakeTimelineSource().Add("c", "m", "instance", (180, 1), (240, 1), (300, 1));

        Assert.Equal(
            Points((180, 1), (240, 1), (300, 1)),
            (await source.RunAsync("PERCENTILE(90, TS(c, *, m))", Start, End)).Single());
    }

    [Fact]
    public async Task PERCENTILE_90_OfFiveTimelines_TakesTheFloorIndex()
    {
        var source = new FakeTimelineSource()
            .Add("c", "m", "instance", (120, 1), (180, 4), (240, 6), (300, 3))
            .Add("c", "m", "instance2", (120, 2), (180, 5), (240, 5), (300, 5))
            .Add("c", "m", "instance3", (120, 4), (180, 6), (240, 4), (300, 4))
            .Add("c", "m", "instance4", (120, 3), (180, 7), (240, 3), (300, 6))
            .Add("c", "m", "instance5", (120, 5), (180, 8), (240, 2), (300, 7));

        var result = await source.RunAsync("PERCENTILE(90, TS(c, *, m))", Start, End);

        Assert.Equal(Points((120, 4), (180, 7), (240, 5), (300, 6)), result.Single());
    }

    [Theory]
    [InlineData("DIVIDE", 100.0, 50.0, 25.0, 20.0)]
    [InlineData("MULTIPLY", 100.0, 200.0, 400.0, 500.0)]
    [InlineData("SUBTRACT", 99.0, 98.0, 96.0, 95.0)]
    public async Task Arithmetic_ConstantLeft_KeepsTheInstance(string op, double at120, double at180, double at240, double at300)
    {
        var source = new FakeTimelineSource().Add("c", "m", "instance", (120, 1), (180, 2), (240, 4), (300, 5));

        var result = await source.RunAsync($"{op}(100, TS(c, *, m))", Start, End);

        Assert.Equal("instance", Assert.Single(result.Timelines).Instance);
        Assert.Equal(Points((120, at120), (180, at180), (240, at240), (300, at300)), result.Single());
    }

    [Theory]
    [InlineData("DIVIDE", 50.0, 25.0, 20.0)]
    [InlineData("MULTIPLY", 200.0, 400.0, 500.0)]
    [InlineData("SUBTRACT", 98.0, 96.0, 95.0)]
    public async Task Arithmetic_DropsMissingMinutes(string op, double at180, double at240, double at300)
    {
        var source = new FakeTimelineSource().Add("c", "m", "instance", (180, 2), (240, 4), (300, 5));

        var result = await source.RunAsync($"{op}(100, TS(c, *, m))", Start, End);

        Assert.Equal("instance", Assert.Single(result.Timelines).Instance);
        Assert.Equal(Points((180, at180), (240, at240), (300, at300)), result.Single());
    }

    [Theory]
    [InlineData("DIVIDE", new[] { 0.5, 0.5, 0.5, 0.5, 0.5 })]
    [InlineData("MULTIPLY", new[] { 2.0, 8.0, 18.0, 32.0, 50.0 })]
    [InlineData("SUBTRACT", new[] { -1.0, -2.0, -3.0, -4.0, -5.0 })]
    public async Task Arithmetic_BothMultivariate_MatchesByInstance(string op, double[] expected)
    {
        var source = FiveInstances("m", i => i);
        foreach (var (name, i) in new[] { ("instance", 1), ("instance2", 2), ("instance3", 3), ("instance4", 4), ("instance5", 5) })
        {
            var v = 2.0 * i;
            source.Add("c", "n", name, (120, v), (180, v), (240, v), (300, v));
        }

        var result = (await source.RunAsync($"{op}(TS(c, *, m), TS(c, *, n))", Start, End)).ByInstance();

        Assert.Equal(5, result.Count);
        string[] names = ["instance", "instance2", "instance3", "instance4", "instance5"];
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(Points((120, expected[i]), (180, expected[i]), (240, expected[i]), (300, expected[i])), result[names[i]]);
        }
    }

    [Theory]
    [InlineData("DIVIDE", 0.5, 0.5)]
    [InlineData("MULTIPLY", 2.0, 8.0)]
    [InlineData("SUBTRACT", -1.0, -2.0)]
    public async Task Arithmetic_MismatchedInstances_KeepsOnlyTheCommonOnes_WithoutError(string op, double first, double second)
    {
        var source = FiveInstances("m", i => i)
            .Add("c", "n", "instance", (120, 2), (180, 2), (240, 2), (300, 2))
            .Add("c", "n", "instance2", (120, 4), (180, 4), (240, 4), (300, 4));

        var result = (await source.RunAsync($"{op}(TS(c, *, m), TS(c, *, n))", Start, End)).ByInstance();

        Assert.Equal(["instance", "instance2"], result.Keys.Order());
        Assert.Equal(Points((120, first), (180, first), (240, first), (300, first)), result["instance"]);
        Assert.Equal(Points((120, second), (180, second), (240, second), (300, second)), result["instance2"]);
    }

    [Fact]
    public async Task RATE_AsksItsOperandForOneMoreMinute_AndTakesPerMinuteDifferences()
    {
        var source = new FakeTimelineSource().Add("c", "m", "instance", (60, 0), (120, 1), (180, 2), (240, 4), (300, 5));

        var result = await source.RunAsync("RATE(TS(c, *, m))", Start, End);

        // The operand runs over (40, 300), so its TS fetches a minute either side of that.
        Assert.Equal([new TimelineRequest("c", null, "m", -20, 360)], source.Requests);
        Assert.Equal("instance", Assert.Single(result.Timelines).Instance);
        Assert.Equal(Points((120, 1), (180, 1), (240, 2), (300, 1)), result.Single());
    }

    [Fact]
    public async Task RATE_AGapRemovesThePointAfterIt()
    {
        var source = new FakeTimelineSource().Add("c", "m", "instance", (60, 0), (180, 2), (240, 4), (300, 5));

        var result = await source.RunAsync("RATE(TS(c, *, m))", Start, End);

        Assert.Equal(Points((240, 2), (300, 1)), result.Single());
    }

    [Fact]
    public async Task RATE_OfSeveralTimelines_KeepsEachInstance()
    {
        var source = new FakeTimelineSource();
        for (var i = 1; i <= 5; i++)
        {
            source.Add("c", "m", i == 1 ? "instance" : $"instance{i}", (60, 0), (120, i), (180, i), (240, i), (300, i));
        }

        var result = (await source.RunAsync("RATE(TS(c, *, m))", Start, End)).ByInstance();

        Assert.Equal(5, result.Count);
        Assert.Equal(Points((120, 1), (180, 0), (240, 0), (300, 0)), result["instance"]);
        Assert.Equal(Points((120, 5), (180, 0), (240, 0), (300, 0)), result["instance5"]);
    }

    [Theory]
    [InlineData("TS(c, *, m)")]
    [InlineData("DEFAULT(0, TS(c, *, m))")]
    [InlineData("SUM(10, TS(c, *, m))")]
    [InlineData("MAX(TS(c, *, m))")]
    [InlineData("PERCENTILE(90, TS(c, *, m))")]
    [InlineData("DIVIDE(100, TS(c, *, m))")]
    [InlineData("MULTIPLY(100, TS(c, *, m))")]
    [InlineData("SUBTRACT(100, TS(c, *, m))")]
    [InlineData("RATE(TS(c, *, m))")]
    public async Task EveryOperator_PropagatesAFailingFetch(string query)
    {
        var source = new FakeTimelineSource { Failure = new InvalidOperationException("some_exception") };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => source.RunAsync(query, Start, End));
        Assert.Equal("some_exception", error.Message);
    }
}
