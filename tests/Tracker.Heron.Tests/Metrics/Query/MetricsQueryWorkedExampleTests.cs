using Tracker.Heron.Metrics.Query;
using static Tracker.Heron.Tests.Metrics.Query.QueryTestExtensions;

namespace Tracker.Heron.Tests.Metrics.Query;

/// <summary>
/// The worked examples of contract §5.4 (observed against the reference), plus the semantic corners §5.2–5.3 call
/// out: unaligned raw buckets, NaN, real zeros, single-instance TS being multivariate, empty operands.
/// </summary>
public sealed class MetricsQueryWorkedExampleTests
{
    private const long Start = 120;
    private const long End = 300;

    private static FakeTimelineSource Example() => new FakeTimelineSource()
        .Add("a", "m", "i1", (61, 1), (121, 2), (181, 4), (241, double.NaN), (301, 8))
        .Add("a", "m", "i2", (121, 10), (181, 0), (241, 30), (361, 50));

    [Fact]
    public async Task TS()
    {
        var result = (await Example().RunAsync("TS(a,*,m)", Start, End)).ByInstance();

        Assert.Equal(Points((120, 2), (180, 4), (300, 8)), result["i1"]);
        Assert.Equal(Points((120, 10), (180, 0), (240, 30)), result["i2"]);
    }

    [Fact]
    public async Task DEFAULT_OverwritesARealZero_AndFillsTheDroppedNaN()
    {
        var result = (await Example().RunAsync("DEFAULT(7,TS(a,*,m))", Start, End)).ByInstance();

        Assert.Equal(Points((120, 2), (180, 4), (240, 7), (300, 8)), result["i1"]);
        Assert.Equal(Points((120, 10), (180, 7), (240, 30), (300, 7)), result["i2"]);
    }

    [Fact]
    public async Task SUM()
    {
        var result = await Example().RunAsync("SUM(TS(a,*,m))", Start, End);

        Assert.Null(Assert.Single(result.Timelines).Instance);
        Assert.Equal(Points((120, 12), (180, 4), (240, 30), (300, 8)), result.Single());
    }

    [Fact]
    public async Task PERCENTILE_50()
    {
        var result = await Example().RunAsync("PERCENTILE(50,TS(a,*,m))", Start, End);

        Assert.Equal(Points((120, 2), (180, 0), (240, 30), (300, 8)), result.Single());
    }

    [Fact]
    public async Task DIVIDE_UnivariateByMultivariate()
    {
        var result = (await Example().RunAsync("DIVIDE(SUM(TS(a,*,m)),TS(a,*,m))", Start, End)).ByInstance();

        Assert.Equal(Points((120, 6), (180, 1), (300, 1)), result["i1"]);
        Assert.Equal(Points((120, 1.2), (240, 1)), result["i2"]);
    }

    [Fact]
    public async Task RATE()
    {
        var result = (await Example().RunAsync("RATE(TS(a,*,m))", Start, End)).ByInstance();

        Assert.Equal(Points((120, 1), (180, 2)), result["i1"]);
        Assert.Equal(Points((180, -10), (240, 30)), result["i2"]);
    }

    [Fact]
    public async Task RATE_OfSUM()
    {
        var result = await Example().RunAsync("RATE(SUM(TS(a,*,m)))", Start, End);

        Assert.Equal(Points((120, 11), (180, -8), (240, 26), (300, -22)), result.Single());
    }

    [Fact]
    public async Task IdenticalLeaves_AreFetchedOnce()
    {
        var source = Example();

        await source.RunAsync("DIVIDE(SUM(TS(a,*,m)),TS(a,*,m))", Start, End);

        Assert.Equal([new TimelineRequest("a", null, "m", 60, 360)], source.Requests);
    }

    [Fact]
    public async Task LeavesUnderRATE_HaveTheirOwnWindow()
    {
        var source = Example();

        await source.RunAsync("SUBTRACT(TS(a,*,m),RATE(TS(a,*,m)))", Start, End);

        Assert.Equal(
            [new TimelineRequest("a", null, "m", 0, 360), new TimelineRequest("a", null, "m", 60, 360)],
            source.Requests.OrderBy(r => r.Start));
    }

    [Fact]
    public async Task DistinctLeaves_AreFetchedConcurrently()
    {
        var source = Example();
        source.Add("a", "n", "i1", (121, 1));
        source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var running = source.RunAsync("DIVIDE(TS(a,*,m),TS(a,*,n))", Start, End);
        await Eventually.TrueAsync(() => source.InFlight >= 2, "both leaves to be in flight", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(5));
        Assert.Equal(2, source.InFlight);
        source.Gate.SetResult();
        var result = (await running).ByInstance();
        Assert.Equal(Points((120, 2)), result["i1"]);
    }

    [Fact]
    public async Task AFailingFetch_CancelsTheOthers_AndIsTheErrorReported()
    {
        var source = new FailingAfterOthersStart();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => MetricsQueryEvaluator.EvaluateAsync(MetricsQueryParser.Parse("SUM(TS(a,*,m),TS(a,*,boom))"), Start, End, source));

        Assert.Equal("TManager said no", error.Message);
        Assert.True(source.OtherWasCancelled);
    }

    [Fact]
    public async Task ASingleInstanceTS_IsStillMultivariate_SoDifferentInstancesDoNotMatch()
    {
        var result = await Example().RunAsync("DIVIDE(TS(a,i1,m),TS(a,i2,m))", Start, End);

        Assert.Empty(result.Timelines);
    }

    [Fact]
    public async Task BothUnivariate_GiveAUnivariateResult()
    {
        var result = await Example().RunAsync("SUBTRACT(SUM(TS(a,*,m)),MAX(TS(a,*,m)))", Start, End);

        Assert.Null(Assert.Single(result.Timelines).Instance);
        Assert.Equal(Points((120, 2), (180, 0), (240, 0), (300, 0)), result.Single());
    }

    [Fact]
    public async Task DividingByZero_DropsThePoint_WithoutError()
    {
        var byConstant = await Example().RunAsync("DIVIDE(TS(a,*,m),0)", Start, End);
        var byRealZero = (await Example().RunAsync("DIVIDE(10,TS(a,*,m))", Start, End)).ByInstance();

        Assert.All(byConstant.Timelines, t => Assert.Empty(t.Points));
        Assert.Equal(Points((120, 1), (240, 1.0 / 3)), byRealZero["i2"]);
    }

    [Fact]
    public async Task AnEmptyRightOperand_EmptiesEveryLeftTimeline_AndAnEmptyLeftOperandGivesNothing()
    {
        var emptyRight = (await Example().RunAsync("MULTIPLY(TS(a,*,m),TS(a,*,nothing))", Start, End)).ByInstance();
        var emptyLeft = await Example().RunAsync("MULTIPLY(TS(a,*,nothing),TS(a,*,m))", Start, End);
        var univariateByEmpty = await Example().RunAsync("MULTIPLY(SUM(TS(a,*,m)),TS(a,*,nothing))", Start, End);

        Assert.Equal(["i1", "i2"], emptyRight.Keys.Order());
        Assert.All(emptyRight.Values, v => Assert.Empty(v));
        Assert.Empty(emptyLeft.Timelines);
        Assert.Empty(univariateByEmpty.Timelines);
    }

    [Fact]
    public async Task SUM_WithoutArguments_IsAZeroGrid_AndMAX_WithoutArguments_IsEmpty()
    {
        var sum = await Example().RunAsync("SUM()", Start, End);
        var max = await Example().RunAsync("MAX()", Start, End);

        Assert.Equal(Points((120, 0), (180, 0), (240, 0), (300, 0)), sum.Single());
        Assert.Empty(Assert.Single(max.Timelines).Points);
    }

    [Fact]
    public async Task MAX_OfNaN_YieldsNaN_AndAConstantFillsMinutesWithoutData()
    {
        var nan = await Example().RunAsync("MAX(nan)", Start, End);
        var withConstant = await Example().RunAsync("MAX(5, TS(a,*,m))", Start, End);

        Assert.All(nan.Single().Values, v => Assert.True(double.IsNaN(v)));
        Assert.Equal(4, nan.Single().Count);
        Assert.Equal(Points((120, 10), (180, 5), (240, 30), (300, 8)), withConstant.Single());
    }

    [Fact]
    public async Task PERCENTILE_IgnoresConstants_And0IsTheMinimum()
    {
        var result = await Example().RunAsync("PERCENTILE(0, 1000, TS(a,*,m))", Start, End);

        Assert.Equal(Points((120, 2), (180, 0), (240, 30), (300, 8)), result.Single());
    }

    [Fact]
    public async Task TheWindowStartIsNotFloored_SoAPartialFirstMinuteIsOutside()
    {
        var result = (await Example().RunAsync("TS(a,*,m)", 121, 300)).ByInstance();

        Assert.Equal(Points((180, 4), (300, 8)), result["i1"]);
    }

    [Fact]
    public async Task SeveralRawPointsInOneMinute_TheLastOneWins()
    {
        var source = new FakeTimelineSource().Add("a", "m", "i1", (125, 1), (170, 2));

        Assert.Equal(Points((120, 2)), (await source.RunAsync("TS(a,*,m)", Start, End)).Single());
    }

    [Theory]
    [InlineData(300, 120)]
    [InlineData(0, 60 * 60 * 25)]
    public async Task ABadWindow_IsAQueryError(long start, long end)
    {
        await Assert.ThrowsAsync<MetricsQueryException>(() => Example().RunAsync("TS(a,*,m)", start, end));
    }

    private sealed class FailingAfterOthersStart : ITimelineSource
    {
        private readonly TaskCompletionSource _otherStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool OtherWasCancelled { get; private set; }

        public async ValueTask<IReadOnlyList<InstanceTimeline>> FetchAsync(TimelineRequest request, CancellationToken cancellationToken)
        {
            if (request.Metric == "boom")
            {
                await _otherStarted.Task;
                throw new InvalidOperationException("TManager said no");
            }

            _otherStarted.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                OtherWasCancelled = true;
                throw;
            }

            return [];
        }
    }
}
