using System.Globalization;
using System.Text.Json;
using Tracker.Sandbox.Heron;

namespace Tracker.Heron.Tests.Metrics;

/// <summary>The TManager-backed endpoints in both styles, compared with what the TManager emulator holds.</summary>
public sealed class MetricsApiTests(SharedHeronSandbox sandbox) : IClassFixture<SharedHeronSandbox>
{
    private HeronSandboxHost Host => sandbox.Host;

    private TManagerMetricStore Store => Host.TManager.Metrics;

    private IReadOnlyList<string> InstancesOf(string component) =>
        Host.Topology.Instances.Where(i => i.Component == component).Select(i => i.Id).ToList();

    [Theory]
    [InlineData("", 600)]
    [InlineData("/v1", 3600)]
    [InlineData("/v2", 10800)]
    [InlineData("/v2", -1)]
    [InlineData("", -1)]
    public async Task Metrics_are_the_TManager_values_for_the_interval(string prefix, long interval)
    {
        var url = $"{prefix}/topologies/metrics?{Host.Coordinates}&component=word&metricname=__emit-count/default&metricname=__jvm-uptime-secs&metricname=__complete-latency/default&interval={interval}";
        var result = prefix == "/v2" ? await Host.GetUnwrappedAsync(url) : await Host.GetEnvelopeResultAsync(url);

        var now = Host.Now;
        Assert.Equal(interval <= 0 ? now : interval, result.GetProperty("interval").GetInt64());
        Assert.Equal("word", result.GetProperty("component").GetString());
        var metrics = result.GetProperty("metrics");
        Assert.Equal(["__complete-latency/default", "__emit-count/default", "__jvm-uptime-secs"], metrics.EnumerateObject().Select(p => p.Name));
        foreach (var metric in metrics.EnumerateObject())
        {
            Assert.Equal(InstancesOf("word"), metric.Value.EnumerateObject().Select(p => p.Name));
            foreach (var instance in metric.Value.EnumerateObject())
            {
                // Strings, exactly the TManager's, in both styles.
                Assert.Equal(JsonValueKind.String, instance.Value.ValueKind);
                Assert.Equal(Store.Aggregate("word", instance.Name, metric.Name, interval <= 0 ? 0 : now - interval, now), instance.Value.GetString());
            }
        }
    }

    [Fact]
    public async Task Metrics_for_chosen_instances_take_one_TManager_call()
    {
        var instances = InstancesOf("count");
        var before = Host.TManager.RequestCount;
        var result = await Host.GetUnwrappedAsync(
            $"/v2/topologies/metrics?{Host.Coordinates}&component=count&metricname=__execute-count/default&metricname=__fail-count/default&instance={instances[0]}&instance={instances[2]}&interval=600");

        Assert.Equal(before + 1, Host.TManager.RequestCount);
        Assert.Equal([instances[0], instances[2]], result.GetProperty("metrics").GetProperty("__execute-count/default").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Back_pressure_of_stream_managers_is_reachable_as_component_stmgr()
    {
        var instance = InstancesOf("word")[0];
        var metric = $"__time_spent_back_pressure_by_compid/{instance}";
        var result = await Host.GetUnwrappedAsync($"/v2/topologies/metrics?{Host.Coordinates}&component=__stmgr__&metricname={metric}&interval=-1");

        var values = result.GetProperty("metrics").GetProperty(metric);
        var streamManager = Assert.Single(values.EnumerateObject());
        Assert.Equal("stmgr-1", streamManager.Name);
        Assert.Equal(Store.Aggregate("__stmgr__", "stmgr-1", metric, 0, Host.Now), streamManager.Value.GetString());
    }

    public static TheoryData<string, string> TimelineRoutes => new()
    {
        { "/v2/topologies/metrics/timeline", "numbers" },
        { "/v2/topologies/metricstimeline", "python" },
        { "/topologies/metricstimeline", "tmanager" },
        { "/v1/topologies/metricstimeline", "tmanager" },
    };

    [Theory]
    [MemberData(nameof(TimelineRoutes))]
    public async Task Timelines_are_every_overlapping_TManager_bucket_keyed_by_its_raw_start(string route, string values)
    {
        // Around the emulator's stalled purge, so bucket starts are unaligned two different ways.
        var end = Store.StartOf(Store.StalledBucket) + 290;
        var start = end - 600;
        var url = $"{route}?{Host.Coordinates}&component=count&metricname=__execute-count/default&metricname=__execute-latency/default&starttime={start}&endtime={end}";
        var result = route.StartsWith("/v2", StringComparison.Ordinal) ? await Host.GetUnwrappedAsync(url) : await Host.GetEnvelopeResultAsync(url);

        Assert.Equal("count", result.GetProperty("component").GetString());
        Assert.Equal(start, result.GetProperty("starttime").GetInt64());
        Assert.Equal(end, result.GetProperty("endtime").GetInt64());
        var timeline = result.GetProperty("timeline");
        foreach (var metric in new[] { "__execute-count/default", "__execute-latency/default" })
        {
            foreach (var instance in InstancesOf("count"))
            {
                // Expected: every bucket the TManager has overlapping [start, end], under its own start.
                var expected = Store.Minutely("count", instance, metric, start, end)!
                    .Where(b => b.Value != "-nan")
                    .OrderBy(b => b.Start)
                    .Select(b => (b.Start, b.Value))
                    .ToList();
                Assert.Equal(11, expected.Count);
                Assert.True(expected[0].Start < start, "The bucket holding starttime starts before it.");
                Assert.Contains(expected.Zip(expected.Skip(1)), p => p.Second.Start - p.First.Start == 60 + TManagerMetricStore.StallSeconds);
                Assert.All(expected, b => Assert.NotEqual(0, b.Start % 60));
                var actual = timeline.GetProperty(metric).GetProperty(instance).EnumerateObject().ToList();
                Assert.Equal(expected.Select(e => e.Start.ToString(CultureInfo.InvariantCulture)), actual.Select(p => p.Name));
                foreach (var ((_, value), point) in expected.Zip(actual))
                {
                    switch (values)
                    {
                        case "numbers":
                            Assert.Equal(double.Parse(value, CultureInfo.InvariantCulture), point.Value.GetDouble());
                            Assert.Equal(JsonValueKind.Number, point.Value.ValueKind);
                            Assert.Contains('.', point.Value.GetRawText());
                            break;
                        case "python":
                            var number = double.Parse(value, CultureInfo.InvariantCulture);
                            var text = point.Value.GetString()!;
                            Assert.Equal(number, double.Parse(text, CultureInfo.InvariantCulture));
                            Assert.Contains('.', text);
                            Assert.DoesNotMatch(@"\.\d{6}$", text);
                            break;
                        default:
                            Assert.Equal(value, point.Value.GetString());
                            break;
                    }
                }
            }
        }
    }

    [Fact]
    public async Task The_current_minute_of_a_latency_is_nan_at_the_TManager_and_left_out_of_the_timeline()
    {
        var end = Host.Now;
        var start = end - 300;
        var instance = InstancesOf("count")[0];
        var newest = Store.Minutely("count", instance, "__execute-latency/default", start, end)![0];
        Assert.Equal("-nan", newest.Value);

        var result = await Host.GetUnwrappedAsync(
            $"/v2/topologies/metrics/timeline?{Host.Coordinates}&component=count&metricname=__execute-latency/default&instance={instance}&starttime={start}&endtime={end}");

        var points = result.GetProperty("timeline").GetProperty("__execute-latency/default").GetProperty(instance);
        Assert.False(points.TryGetProperty(newest.Start.ToString(CultureInfo.InvariantCulture), out _));
        Assert.All(points.EnumerateObject(), p => Assert.True(double.IsFinite(p.Value.GetDouble())));
        Assert.Equal(
            Store.Minutely("count", instance, "__execute-latency/default", start, end)!.Skip(1).Select(b => b.Start.ToString(CultureInfo.InvariantCulture)).Reverse(),
            points.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v2")]
    public async Task Exceptions_are_the_TManager_logs(string prefix)
    {
        var url = $"{prefix}/topologies/exceptions?{Host.Coordinates}&component=count";
        var result = prefix == "/v2" ? await Host.GetUnwrappedAsync(url) : await Host.GetEnvelopeResultAsync(url);

        var expected = Host.TManager.Exceptions.Where(e => e.ComponentName == "count").ToList();
        var actual = result.EnumerateArray().ToList();
        Assert.Equal(expected.Count, actual.Count);
        var stackTraceKey = prefix == "/v2" ? "stacktrace" : "stack_trace";
        foreach (var (log, item) in expected.Zip(actual))
        {
            Assert.Equal(
                ["hostname", "instance_id", stackTraceKey, "lasttime", "firsttime", "count", "logging"],
                item.EnumerateObject().Select(p => p.Name));
            Assert.Equal(log.Hostname, item.GetProperty("hostname").GetString());
            Assert.Equal(log.InstanceId, item.GetProperty("instance_id").GetString());
            Assert.Equal(log.Stacktrace, item.GetProperty(stackTraceKey).GetString());
            Assert.Equal(log.Lasttime, item.GetProperty("lasttime").GetString());
            Assert.Equal(log.Firsttime, item.GetProperty("firsttime").GetString());
            Assert.Equal(log.Count.ToString(CultureInfo.InvariantCulture), item.GetProperty("count").GetString());
            Assert.Equal(log.Logging, item.GetProperty("logging").GetString());
        }
    }

    [Fact]
    public async Task Exceptions_of_one_instance()
    {
        var instance = InstancesOf("count")[1];
        var result = await Host.GetUnwrappedAsync($"/v2/topologies/exceptions?{Host.Coordinates}&component=count&instance={instance}");
        Assert.Equal(
            Host.TManager.Exceptions.Count(e => e.InstanceId == instance),
            result.EnumerateArray().Count(e => e.GetProperty("instance_id").GetString() == instance));
        Assert.All(result.EnumerateArray(), e => Assert.Equal(instance, e.GetProperty("instance_id").GetString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v2")]
    public async Task Exception_summary_is_grouped_by_class_name(string prefix)
    {
        var url = $"{prefix}/topologies/exceptionsummary?{Host.Coordinates}&component=count";
        var result = prefix == "/v2" ? await Host.GetUnwrappedAsync(url) : await Host.GetEnvelopeResultAsync(url);

        var expected = TManagerExceptions.Summarize(Host.TManager.Exceptions.Where(e => e.ComponentName == "count"));
        Assert.True(expected.Count >= 2);
        var actual = result.EnumerateArray().ToList();
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (summary, item) in expected.Zip(actual))
        {
            Assert.Equal(["class_name", "lasttime", "firsttime", "count"], item.EnumerateObject().Select(p => p.Name));
            Assert.Equal(summary.Stacktrace, item.GetProperty("class_name").GetString());
            Assert.DoesNotContain(':', item.GetProperty("class_name").GetString()!);
            Assert.Equal(summary.Lasttime, item.GetProperty("lasttime").GetString());
            Assert.Equal(summary.Firsttime, item.GetProperty("firsttime").GetString());
            Assert.Equal(summary.Count.ToString(CultureInfo.InvariantCulture), item.GetProperty("count").GetString());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v2")]
    public async Task Runtime_state_says_which_stream_managers_registered(string prefix)
    {
        var url = $"{prefix}/topologies/runtimestate?{Host.Coordinates}";
        var result = prefix == "/v2" ? await Host.GetUnwrappedAsync(url) : await Host.GetEnvelopeResultAsync(url);

        Assert.True(result.GetProperty("has_physical_plan").GetBoolean());
        Assert.True(result.GetProperty("has_packing_plan").GetBoolean());
        Assert.True(result.GetProperty("has_tmanager_location").GetBoolean());
        Assert.True(result.GetProperty("has_scheduler_location").GetBoolean());
        Assert.Equal(prefix != "/v2", result.TryGetProperty("topology_version", out _));
        var registrations = Host.TManager.AnswerRegistrations();
        var stmgrs = result.GetProperty("stmgrs");
        foreach (var id in registrations.RegisteredStmgrs)
        {
            Assert.True(stmgrs.GetProperty(id).GetProperty("is_registered").GetBoolean());
        }

        Assert.Equal(Host.Topology.Containers, stmgrs.EnumerateObject().Count());
    }

    [Theory]
    [InlineData("component=nope&metricname=__emit-count/default", "component")]
    [InlineData("component=word&metricname=__emit-count/default&instance=container_1_count_4", "instance")]
    [InlineData("component=word&metricname=__emit-count/default&interval=ten", "interval")]
    [InlineData("metricname=__emit-count/default", "component")]
    public async Task Bad_metric_parameters_are_400_naming_the_parameter(string query, string parameter)
    {
        var before = Host.TManager.RequestCount;
        var message = await Host.GetEnvelopeFailureAsync($"/topologies/metrics?{Host.Coordinates}&{query}", 400);
        var detail = await Host.GetUnwrappedFailureAsync($"/v2/topologies/metrics?{Host.Coordinates}&{query}", 400);

        Assert.Contains(parameter, message);
        Assert.Contains(parameter, detail);
        Assert.Equal(before, Host.TManager.RequestCount);
    }

    [Fact]
    public async Task Starttime_after_endtime_is_400()
    {
        var query = $"{Host.Coordinates}&component=word&metricname=__emit-count/default&starttime=2000&endtime=1000";
        Assert.Equal("start_time > end_time", await Host.GetUnwrappedFailureAsync($"/v2/topologies/metrics/timeline?{query}", 400));
        Assert.Equal("starttime is greater than endtime.", await Host.GetEnvelopeFailureAsync($"/topologies/metricstimeline?{query}", 400));
        Assert.Contains("starttime", await Host.GetUnwrappedFailureAsync($"/v2/topologies/metrics/timeline?{Host.Coordinates}&component=word&metricname=m&starttime=abc&endtime=1000", 400));
    }

    [Theory]
    [InlineData("starttime=-1&endtime=1000", "starttime")]
    [InlineData("starttime=0&endtime=-60", "endtime")]
    [InlineData("starttime=253402300800&endtime=253402300800", "starttime")]
    [InlineData("starttime=0&endtime=253402300800", "endtime")]
    [InlineData("starttime=4000000000000&endtime=9223372036854775807", "starttime")]
    [InlineData("starttime=-9223372036854775808&endtime=0", "starttime")]
    public async Task Times_that_are_not_sane_unix_seconds_are_400_before_any_TManager_call(string window, string parameter)
    {
        var before = Host.TManager.RequestCount;
        foreach (var route in new[] { "/topologies/metrics/timeline", "/topologies/metricstimeline", "/topologies/metrics/query", "/topologies/metricsquery" })
        {
            var query = $"{Host.Coordinates}&component=word&metricname=__emit-count/default&query=TS(word,*,__emit-count/default)&{window}";
            Assert.Contains(parameter, await Host.GetEnvelopeFailureAsync($"{route}?{query}", 400));
            Assert.Contains(parameter, await Host.GetEnvelopeFailureAsync($"/v1{route}?{query}", 400));
            Assert.Contains(parameter, await Host.GetUnwrappedFailureAsync($"/v2{route}?{query}", 400));
        }

        Assert.Equal(before, Host.TManager.RequestCount);
    }

    [Fact]
    public async Task The_last_second_of_year_9999_is_still_a_time()
    {
        var result = await Host.GetUnwrappedAsync(
            $"/v2/topologies/metrics/timeline?{Host.Coordinates}&component=word&metricname=__emit-count/default&starttime=0&endtime={Tracker.Heron.Apis.HeronRequest.MaxUnixSeconds}");

        // The whole ring: every bucket the TManager holds, and nothing it does not.
        var instance = InstancesOf("word")[0];
        Assert.Equal(TManagerMetricStore.BucketCount, result.GetProperty("timeline").GetProperty("__emit-count/default").GetProperty(instance).EnumerateObject().Count());
    }

    [Fact]
    public async Task Unknown_topology_is_404()
    {
        await Host.GetUnwrappedFailureAsync("/v2/topologies/metrics?cluster=local&environ=default&topology=Nope&component=word", 404);
        await Host.GetEnvelopeFailureAsync("/topologies/exceptions?cluster=local&environ=default&topology=Nope&component=word", 404);
    }
}
