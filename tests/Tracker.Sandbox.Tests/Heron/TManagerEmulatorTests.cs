using System.Net;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tracker.Heron.Proto;
using Tracker.Sandbox.Heron;

namespace Tracker.Sandbox.Tests.Heron;

public sealed class TManagerEmulatorTests : IAsyncLifetime
{
    private static readonly DemoTopology Topology = DemoTopologies.WordCount;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_795_346_400));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private TManagerEmulator _tmanager = null!;

    public async Task InitializeAsync() =>
        _tmanager = await TManagerEmulator.StartAsync(Topology, _time, NullLoggerFactory.Instance, CancellationToken.None);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _tmanager.DisposeAsync();
    }

    [Fact]
    public async Task Minutely_stats_are_the_overlapping_unaligned_buckets_newest_first()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var request = new MetricRequest
        {
            ComponentName = "count",
            Minutely = true,
            ExplicitInterval = new MetricInterval { Start = now - 600, End = now },
        };
        request.Metric.Add("__execute-count/default");
        request.Metric.Add("__execute-latency/default");

        var response = await PostAsync("/stats", request, MetricResponse.Parser);

        Assert.Equal(StatusCode.Ok, response.Status.Status_);
        Assert.Equal(600, response.Interval);
        var instances = Topology.Instances.Where(i => i.Component == "count").Select(i => i.Id).ToList();
        Assert.Equal(instances, response.Metric.Select(m => m.InstanceId));
        foreach (var task in response.Metric)
        {
            var count = task.Metric.Single(m => m.Name == "__execute-count/default");
            var expected = _tmanager.Metrics.Minutely("count", task.InstanceId, count.Name, now - 600, now)!;
            Assert.Equal(expected.Select(b => (b.Start, b.End, b.Value)), count.IntervalValues.Select(v => (v.Interval.Start, v.Interval.End, v.Value)));
            Assert.InRange(count.IntervalValues.Count, 10, 12);
            Assert.All(count.IntervalValues, v => Assert.NotEqual(0, v.Interval.Start % 60));
            Assert.True(count.IntervalValues.Zip(count.IntervalValues.Skip(1)).All(p => p.First.Interval.Start > p.Second.Interval.Start));
            Assert.All(count.IntervalValues, v => Assert.Matches(@"^\d+\.\d{6}$", v.Value));
            // The current minute of a latency has no samples: NaN, as a C++ TManager prints it.
            Assert.Equal("-nan", task.Metric.Single(m => m.Name == "__execute-latency/default").IntervalValues[0].Value);
        }
    }

    [Fact]
    public async Task A_stalled_purge_stretches_one_bucket_and_shifts_every_later_start()
    {
        var stalled = _tmanager.Metrics.StartOf(_tmanager.Metrics.StalledBucket);
        var request = new MetricRequest
        {
            ComponentName = "word",
            Minutely = true,
            ExplicitInterval = new MetricInterval { Start = stalled - 300, End = stalled + 300 },
        };
        request.Metric.Add("__emit-count/default");

        var buckets = (await PostAsync("/stats", request, MetricResponse.Parser)).Metric[0].Metric[0].IntervalValues
            .Select(v => v.Interval).OrderBy(i => i.Start).ToList();

        // Contiguous, 60 s each but the stalled one; the starts keep two different offsets to the minute.
        Assert.All(buckets.Zip(buckets.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
        Assert.Equal([60 + TManagerMetricStore.StallSeconds], buckets.Select(i => i.End - i.Start).Where(d => d != 60));
        Assert.Equal(2, buckets.Select(i => i.Start % 60).Distinct().Count());
        Assert.All(buckets, i => Assert.NotEqual(0, i.Start % 60));
    }

    [Fact]
    public async Task Any_interval_answers_at_most_the_buckets_held()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        using var prompt = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        // The whole long range: every bucket of the ring, nothing more (the unchecked arithmetic answered none).
        var all = await StatsAsync(prompt, long.MinValue, long.MaxValue);
        Assert.Equal(TManagerMetricStore.BucketCount, all.IntervalValues.Count);
        Assert.Equal(_tmanager.Metrics.Minutely("word", "container_1_word_1", "__emit-count/default", 0, now)!.Select(b => b.Start), all.IntervalValues.Select(v => v.Interval.Start));

        // Far beyond anything held: nothing, and no allocation sized by the requested range (a
        // wrapped int cast once sized a list by it: gigabytes for one request).
        var before = GC.GetTotalAllocatedBytes();
        var future = await StatsAsync(prompt, 255_896_108_700, 255_896_108_700 + 3600);
        Assert.Empty(future.IntervalValues);
        Assert.InRange(GC.GetTotalAllocatedBytes() - before, 0, 100_000_000);
        Assert.Empty((await StatsAsync(prompt, now + 1_000_000, long.MaxValue)).IntervalValues);
        Assert.Empty((await StatsAsync(prompt, long.MinValue, _tmanager.Metrics.Origin - 1)).IntervalValues);
    }

    [Fact]
    public async Task Buckets_advance_with_the_clock()
    {
        var request = new MetricRequest { ComponentName = "word", Interval = 60, Minutely = true };
        request.Metric.Add("__emit-count/default");
        var before = await PostAsync("/stats", request, MetricResponse.Parser);
        _time.Advance(TimeSpan.FromMinutes(5));
        var after = await PostAsync("/stats", request, MetricResponse.Parser);

        var newestBefore = before.Metric[0].Metric[0].IntervalValues[0].Interval.Start;
        var newestAfter = after.Metric[0].Metric[0].IntervalValues[0].Interval.Start;
        Assert.Equal(300, newestAfter - newestBefore);
    }

    [Fact]
    public async Task Aggregated_stats_match_the_store_for_an_interval_and_all_time()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var interval in new long[] { 600, 3600, 10800, -1 })
        {
            var request = new MetricRequest { ComponentName = "word", Interval = interval };
            request.Metric.Add("__emit-count/default");
            request.Metric.Add("__jvm-uptime-secs");
            request.Metric.Add("__complete-latency/default");
            request.Metric.Add("__no-such-metric");

            var response = await PostAsync("/stats", request, MetricResponse.Parser);

            Assert.Equal(interval <= 0 ? now : interval, response.Interval);
            foreach (var task in response.Metric)
            {
                Assert.Equal(3, task.Metric.Count);
                foreach (var metric in task.Metric)
                {
                    var start = interval <= 0 ? 0 : now - interval;
                    Assert.Equal(_tmanager.Metrics.Aggregate("word", task.InstanceId, metric.Name, start, now), metric.Value);
                }
            }
        }
    }

    [Fact]
    public async Task Unknown_component_instance_or_interval_are_notok()
    {
        var unknownComponent = new MetricRequest { ComponentName = "nope", Interval = 60 };
        var response = await PostAsync("/stats", unknownComponent, MetricResponse.Parser);
        Assert.Equal(StatusCode.Notok, response.Status.Status_);
        Assert.Equal("Unknown component: nope", response.Status.Message);

        var unknownInstance = new MetricRequest { ComponentName = "word", Interval = 60 };
        unknownInstance.InstanceId.Add("container_9_word_99");
        Assert.Equal(StatusCode.Notok, (await PostAsync("/stats", unknownInstance, MetricResponse.Parser)).Status.Status_);

        var noInterval = new MetricRequest { ComponentName = "word" };
        var answer = await PostAsync("/stats", noInterval, MetricResponse.Parser);
        Assert.Equal("No interval or explicit interval set", answer.Status.Message);
    }

    [Fact]
    public async Task Exceptions_and_their_summary_by_class_name()
    {
        var request = new ExceptionLogRequest { ComponentName = "count" };
        var logs = await PostAsync("/exceptions", request, ExceptionLogResponse.Parser);
        var summary = await PostAsync("/exceptionsummary", request, ExceptionLogResponse.Parser);

        Assert.Equal(StatusCode.Ok, logs.Status.Status_);
        var expected = _tmanager.Exceptions.Where(e => e.ComponentName == "count").ToList();
        Assert.Equal(expected, logs.Exceptions);
        var byClass = expected.GroupBy(e => e.Stacktrace[..e.Stacktrace.IndexOf(':')]).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(byClass.Select(g => g.Key), summary.Exceptions.Select(e => e.Stacktrace));
        Assert.Equal(byClass.Select(g => g.Sum(e => e.Count)), summary.Exceptions.Select(e => e.Count));
        Assert.Equal(byClass.Select(g => g.First().Firsttime), summary.Exceptions.Select(e => e.Firsttime));
        Assert.Equal(byClass.Select(g => g.Last().Lasttime), summary.Exceptions.Select(e => e.Lasttime));
        Assert.Matches(@"^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$", logs.Exceptions[0].Lasttime);

        var unknown = await PostAsync("/exceptions", new ExceptionLogRequest { ComponentName = "nope" }, ExceptionLogResponse.Parser);
        Assert.Equal(StatusCode.Notok, unknown.Status.Status_);
    }

    [Fact]
    public async Task Registration_summary_lists_absent_stream_managers()
    {
        _tmanager.SetRegistered("stmgr-2", registered: false);
        var response = await PostAsync("/stmgrsregistrationsummary", new StmgrsRegistrationSummaryRequest(), StmgrsRegistrationSummaryResponse.Parser);
        Assert.Equal(["stmgr-1", "stmgr-3"], response.RegisteredStmgrs);
        Assert.Equal(["stmgr-2"], response.AbsentStmgrs);
    }

    [Fact]
    public async Task Garbage_bodies_and_unknown_paths_are_400()
    {
        using var garbage = await _http.PostAsync(Url("/stats"), new ByteArrayContent([0xff, 0xff, 0xff]));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        using var unknown = await _http.PostAsync(Url("/nope"), new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task A_response_delay_makes_it_hang()
    {
        _tmanager.ResponseDelay = TimeSpan.FromSeconds(30);
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        var request = new MetricRequest { ComponentName = "word", Interval = 60 };
        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.PostAsync(Url("/stats"), new ByteArrayContent(request.ToByteArray())));
    }

    /// <summary>One minutely <c>/stats</c> call for <c>container_1_word_1</c>'s emit count over <c>[start, end]</c>.</summary>
    private async Task<MetricResponse.Types.IndividualMetric> StatsAsync(HttpClient client, long start, long end)
    {
        var request = new MetricRequest
        {
            ComponentName = "word",
            Minutely = true,
            ExplicitInterval = new MetricInterval { Start = start, End = end },
        };
        request.InstanceId.Add("container_1_word_1");
        request.Metric.Add("__emit-count/default");
        using var response = await client.PostAsync(Url("/stats"), new ByteArrayContent(request.ToByteArray()));
        response.EnsureSuccessStatusCode();
        var answer = MetricResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(StatusCode.Ok, answer.Status.Status_);
        return Assert.Single(Assert.Single(answer.Metric).Metric);
    }

    private string Url(string path) => $"http://127.0.0.1:{_tmanager.Port}{path}";

    private async Task<T> PostAsync<T>(string path, IMessage request, MessageParser<T> parser)
        where T : IMessage<T>
    {
        using var response = await _http.PostAsync(Url(path), new ByteArrayContent(request.ToByteArray()));
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        return parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
    }
}
