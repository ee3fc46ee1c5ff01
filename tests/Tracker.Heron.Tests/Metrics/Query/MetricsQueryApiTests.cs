using System.Globalization;
using System.Net;
using System.Text.Json;
using CsCheck;
using Tracker.Heron.Metrics;
using Tracker.Heron.Metrics.Query;
using Tracker.Heron.Tests.Metrics;
using Tracker.Sandbox.Heron;

namespace Tracker.Heron.Tests.Metrics.Query;

/// <summary>Both demo topologies in the sandbox, shared by the read-only tests.</summary>
public sealed class DemoSandboxes : IAsyncLifetime
{
    public HeronSandboxHost WordCount { get; private set; } = null!;

    public HeronSandboxHost Exclamation { get; private set; } = null!;

    public HeronSandboxHost For(string topology) => topology == DemoTopologies.WordCount.Name ? WordCount : Exclamation;

    public async Task InitializeAsync()
    {
        WordCount = await HeronSandboxHost.StartAsync(DemoTopologies.WordCount);
        Exclamation = await HeronSandboxHost.StartAsync(DemoTopologies.Exclamation);
    }

    public async Task DisposeAsync()
    {
        await WordCount.DisposeAsync();
        await Exclamation.DisposeAsync();
    }
}

/// <summary>
/// <c>/topologies/metricsquery</c> (envelope, also under <c>/v1</c>) and <c>/v2/topologies/metrics/query</c> against
/// the sandbox's TManager emulator: the six Heron UI queries for every demo component, the output shape of each
/// style, and the client errors.
/// </summary>
public sealed class MetricsQueryApiTests(DemoSandboxes sandboxes) : IClassFixture<DemoSandboxes>
{
    /// <summary>The queries of Heron UI's tracker client (contract §5.5): {0} = component, {1} = instance or *.</summary>
    public static readonly Dictionary<string, string> UiQueries = new()
    {
        ["cpu"] = "DEFAULT(0,TS({0},{1},__jvm-process-cpu-load))",
        ["capacity"] = "DIVIDE(DEFAULT(0,MULTIPLY(TS({0},{1},__execute-count/default),TS({0},{1},__execute-latency/default))),60000000000)",
        ["failures"] = "DEFAULT(0,DIVIDE(TS({0},{1},__fail-count/default),SUM(DEFAULT(1,TS({0},{1},__execute-count/default)),DEFAULT(0,TS({0},{1},__fail-count/default)))))",
        ["memory"] = "DIVIDE(DEFAULT(0,TS({0},{1},__jvm-memory-used-mb)),DEFAULT(1,TS({0},{1},__jvm-memory-mb-total)))",
        ["gc"] = "RATE(TS({0},{1},__jvm-gc-collection-time-ms))",
    };

    public static IEnumerable<object[]> UiCases()
    {
        foreach (var topology in DemoTopologies.All)
        {
            foreach (var component in topology.Components)
            {
                foreach (var metric in UiQueries.Keys.Append("backpressure"))
                {
                    yield return [topology.Name, component.Name, metric];
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(UiCases))]
    public async Task TheUiQueries_AnswerForEveryDemoComponent_AsTheEmulatorsDataSays(string topology, string component, string metric)
    {
        var host = sandboxes.For(topology);
        var (start, end) = (host.Now - 3600, host.Now);
        var instances = host.Topology.Instances.Where(i => i.Component == component).Select(i => i.Id).ToList();

        // What the UI asks: the whole component, one instance, and the "max" variant; backpressure goes per instance.
        var queries = metric == "backpressure"
            ? instances.Select(i => $"DEFAULT(0,TS(__stmgr__,*,__time_spent_back_pressure_by_compid/{i}))").ToList()
            : [Format(UiQueries[metric], component, "*"), Format(UiQueries[metric], component, instances[0]), $"MAX({Format(UiQueries[metric], component, "*")})"];

        foreach (var query in queries)
        {
            var expected = await MetricsQueryEvaluator.EvaluateAsync(MetricsQueryParser.Parse(query), start, end, new EmulatorData(host.TManager.Metrics));
            // Spouts execute nothing, so they have no capacity; everything else must have data to compare.
            if (!(metric == "capacity" && host.Topology.Components.Single(c => c.Name == component).IsSpout))
            {
                Assert.Contains(expected.Timelines, t => t.Count > 0);
            }

            var url = $"topologies/metrics/query?{host.Coordinates}&starttime={start}&endtime={end}&query={Uri.EscapeDataString(query)}";
            AssertSameAnswer(expected, await host.GetUnwrappedAsync("/v2/" + url), HeronStyle.Unwrapped);
            var legacy = $"topologies/metricsquery?{host.Coordinates}&starttime={start}&endtime={end}&query={Uri.EscapeDataString(query)}";
            AssertSameAnswer(expected, await host.GetEnvelopeResultAsync("/" + legacy), HeronStyle.Envelope);
        }
    }

    [Fact]
    public async Task Cpu_IsTheTManagersLastValuePerMinute_WithZerosAndGapsDefaulted()
    {
        // An oracle independent of the evaluator: the emulator's buckets floored to minutes, DEFAULT(0) by hand.
        var host = sandboxes.WordCount;
        var (start, end) = (host.Now - 600, host.Now);
        var body = await host.GetUnwrappedAsync(
            $"/v2/topologies/metrics/query?{host.Coordinates}&starttime={start}&endtime={end}&query={Uri.EscapeDataString("DEFAULT(0,TS(word,*,__jvm-process-cpu-load))")}");

        var timelines = body.GetProperty("timeline").EnumerateArray().ToList();
        var instances = host.Topology.Instances.Where(i => i.Component == "word").Select(i => i.Id).ToList();
        Assert.Equal(instances, timelines.Select(t => t.GetProperty("instance").GetString()).Order());
        foreach (var timeline in timelines)
        {
            var expected = new SortedDictionary<long, double>();
            for (var minute = (start + 59) / 60 * 60; minute <= end / 60 * 60; minute += 60)
            {
                expected[minute] = 0;
            }

            foreach (var bucket in host.TManager.Metrics.Minutely("word", timeline.GetProperty("instance").GetString()!, "__jvm-process-cpu-load", start - 60, end + 60)!.OrderBy(b => b.Start))
            {
                var minute = bucket.Start / 60 * 60;
                var value = double.Parse(bucket.Value, CultureInfo.InvariantCulture);
                if (expected.ContainsKey(minute) && !double.IsNaN(value) && value != 0)
                {
                    expected[minute] = value;
                }
            }

            Assert.Equal(expected, Data(timeline));
        }
    }

    [Fact]
    public async Task IdenticalLeaves_CostOneTManagerCall()
    {
        // The failures query has three TS leaves, two of them identical: two stats-port calls.
        var host = sandboxes.Exclamation;
        var query = Uri.EscapeDataString(Format(UiQueries["failures"], "exclaim1", "*"));
        var before = host.TManager.RequestCount;

        await host.GetUnwrappedAsync($"/v2/topologies/metrics/query?{host.Coordinates}&starttime={host.Now - 1234}&endtime={host.Now - 7}&query={query}");

        Assert.Equal(before + 2, host.TManager.RequestCount);
    }

    [Fact]
    public async Task AnAggregate_HasANullInstanceUnderV2_AndNoInstanceInTheEnvelope()
    {
        var host = sandboxes.WordCount;
        var query = Uri.EscapeDataString("SUM(TS(word,*,__emit-count/default))");
        var url = $"topologies/metricsquery?{host.Coordinates}&starttime={host.Now - 300}&endtime={host.Now}&query={query}";

        var unwrapped = Assert.Single((await host.GetUnwrappedAsync("/v2/" + url)).GetProperty("timeline").EnumerateArray());
        var envelope = Assert.Single((await host.GetEnvelopeResultAsync("/v1/" + url)).GetProperty("timeline").EnumerateArray());

        Assert.Equal(JsonValueKind.Null, unwrapped.GetProperty("instance").ValueKind);
        Assert.False(envelope.TryGetProperty("instance", out _));
        Assert.Equal(Data(unwrapped), Data(envelope));
        // SUM fills every minute of the window.
        Assert.Equal(((host.Now / 60 * 60) - ((host.Now - 300 + 59) / 60 * 60)) / 60 + 1, Data(unwrapped).Count);
    }

    [Fact]
    public async Task TheAnswer_EchoesTheWindow_AndWritesFloatsAsPythonDoes()
    {
        var host = sandboxes.WordCount;
        var (start, end) = (host.Now - 300, host.Now);
        var (response, body) = await host.GetAsync(
            $"/v2/topologies/metrics/query?{host.Coordinates}&starttime={start}&endtime={end}&query={Uri.EscapeDataString("SUM(2, TS(word,*,nothing))")}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(start, body.GetProperty("starttime").GetInt64());
        Assert.Equal(end, body.GetProperty("endtime").GetInt64());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains($"\"{(start + 59) / 60 * 60}\":2.0", text);
    }

    [Theory]
    [InlineData("FOO(TS(word,*,m))", "Invalid token: 'FOO' is not an operator (at position 0, near 'FOO')")]
    [InlineData("SUM(TS(word,*,m)", "Missing closing parenthesis for 'SUM(' opened at position 3 (at position 16)")]
    [InlineData("DIVIDE(TS(word,*,m))", "DIVIDE requires exactly two arguments, got 1 (at position 0, near 'DIVIDE')")]
    [InlineData("RATE(3)", "RATE requires a timeseries, not constant: got the constant 3 (at position 5)")]
    [InlineData("PERCENTILE(120, TS(word,*,m))", "Quantile must be between 0 and 100 inclusive, got 120 (at position 11, near 'PERCENTILE')")]
    [InlineData("   ", "Query is empty")]
    public async Task ABadQuery_IsA400WithTheParsersMessage_InBothStyles(string query, string message)
    {
        var host = sandboxes.WordCount;
        var url = $"topologies/metrics/query?{host.Coordinates}&starttime={host.Now - 300}&endtime={host.Now}&query={Uri.EscapeDataString(query)}";
        var before = host.TManager.RequestCount;

        Assert.Equal(message, await host.GetUnwrappedFailureAsync("/v2/" + url, 400));
        Assert.Equal(message, await host.GetEnvelopeFailureAsync("/" + url, 400));
        Assert.Equal(before, host.TManager.RequestCount);
    }

    [Fact]
    public async Task RandomMalformedQueries_AreA400_AndNoTextEverGivesA500()
    {
        var host = sandboxes.WordCount;
        string Url(string query) =>
            $"/v2/topologies/metrics/query?{host.Coordinates}&starttime={host.Now - 600}&endtime={host.Now}&query={Uri.EscapeDataString(query)}";

        await QueryGenerators.Malformed.SampleAsync(async query =>
        {
            var (response, body) = await host.GetAsync(Url(query));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(ParserMessage(query), body.GetProperty("detail").GetString());
        }, iter: 100, threads: 1);

        await QueryGenerators.AnyText.SampleAsync(async text =>
        {
            var (response, _) = await host.GetAsync(Url(text));
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for {text}");
        }, iter: 200, threads: 1);
    }

    [Fact]
    public async Task StartAfterEnd_IsA400_InBothStyles()
    {
        var host = sandboxes.WordCount;
        var url = $"topologies/metricsquery?{host.Coordinates}&starttime={host.Now}&endtime={host.Now - 60}&query={Uri.EscapeDataString("TS(word,*,__emit-count/default)")}";

        Assert.Equal("start_time > end_time", await host.GetUnwrappedFailureAsync("/v2/" + url, 400));
        Assert.Equal("starttime is greater than endtime.", await host.GetEnvelopeFailureAsync("/" + url, 400));
    }

    [Theory]
    [InlineData("starttime=1&endtime=2", "Missing argument query")]
    [InlineData("starttime=1&endtime=2&query=", "Missing argument query")]
    [InlineData("endtime=2&query=TS(a,*,m)", "Missing argument starttime")]
    [InlineData("starttime=x&endtime=2&query=TS(a,*,m)", "Invalid argument starttime: 'x' is not an integer")]
    [InlineData("starttime=0&endtime=999999&query=TS(a,*,m)", "The window [0, 999999] spans 16667 minutes; at most 1440 are allowed")]
    public async Task BadParameters_AreA400(string parameters, string message)
    {
        var host = sandboxes.WordCount;

        Assert.Equal(message, await host.GetUnwrappedFailureAsync($"/v2/topologies/metrics/query?{host.Coordinates}&{parameters}", 400));
        Assert.Equal(message, await host.GetEnvelopeFailureAsync($"/topologies/metricsquery?{host.Coordinates}&{parameters}", 400));
    }

    [Fact]
    public async Task AnUnknownTopology_IsA404()
    {
        var host = sandboxes.WordCount;

        await host.GetUnwrappedFailureAsync($"/v2/topologies/metrics/query?cluster=local&environ=default&topology=Nope&starttime=1&endtime=2&query=TS(a,*,m)", 404);
    }

    [Fact]
    public async Task AnUnreachableTManager_IsA502_NotA500()
    {
        await using var host = await HeronSandboxHost.StartAsync(DemoTopologies.WordCount);
        await host.TManager.DisposeAsync();

        var message = await host.GetUnwrappedFailureAsync(
            $"/v2/topologies/metrics/query?{host.Coordinates}&starttime={host.Now - 300}&endtime={host.Now}&query=TS(word,*,__emit-count/default)", 502);

        Assert.Contains("unreachable", message);
    }

    /// <summary>The parser's own message for a query, which the endpoint must pass on unchanged.</summary>
    private static string ParserMessage(string query) => Assert.Throws<MetricsQueryException>(() => MetricsQueryParser.Parse(query)).Message;

    private enum HeronStyle
    {
        Envelope,
        Unwrapped,
    }

    private static string Format(string template, string component, string instance) =>
        string.Format(CultureInfo.InvariantCulture, template, component, instance);

    private static Dictionary<long, double> Data(JsonElement timeline) =>
        timeline.GetProperty("data").EnumerateObject().ToDictionary(p => long.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetDouble());

    private static void AssertSameAnswer(MetricsQueryResult expected, JsonElement body, HeronStyle style)
    {
        Assert.Equal(expected.Start, body.GetProperty("starttime").GetInt64());
        Assert.Equal(expected.End, body.GetProperty("endtime").GetInt64());
        var timelines = body.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(expected.Timelines.Count, timelines.Count);
        for (var i = 0; i < timelines.Count; i++)
        {
            var instance = timelines[i].TryGetProperty("instance", out var value) ? value.GetString() : null;
            Assert.Equal(expected.Timelines[i].Instance, instance);
            if (expected.Timelines[i].Instance is null && style == HeronStyle.Envelope)
            {
                Assert.False(timelines[i].TryGetProperty("instance", out _));
            }

            Assert.Equal(expected.Timelines[i].Points.ToDictionary(p => p.Timestamp, p => p.Value), Data(timelines[i]));
        }
    }

    /// <summary>The emulator's own buckets, read in-process: what the TManager client should have fetched over the wire.</summary>
    private sealed class EmulatorData(TManagerMetricStore store) : ITimelineSource
    {
        public ValueTask<IReadOnlyList<InstanceTimeline>> FetchAsync(TimelineRequest request, CancellationToken cancellationToken)
        {
            var instances = request.Instance is null ? store.InstancesOf(request.Component) : [request.Instance];
            var result = new List<InstanceTimeline>();
            foreach (var instance in instances)
            {
                if (store.Minutely(request.Component, instance, request.Metric, request.Start, request.End) is not { } buckets)
                {
                    continue;
                }

                var points = buckets
                    .Select(b => new TimelinePoint(b.Start, b.Value.EndsWith("nan", StringComparison.Ordinal) ? double.NaN : double.Parse(b.Value, CultureInfo.InvariantCulture)))
                    .Where(p => !double.IsNaN(p.Value))
                    .OrderBy(p => p.Timestamp)
                    .ToList();
                result.Add(new InstanceTimeline(instance, points));
            }

            return ValueTask.FromResult<IReadOnlyList<InstanceTimeline>>(result);
        }
    }
}
