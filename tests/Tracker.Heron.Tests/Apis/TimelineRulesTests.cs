using System.Text;
using Tracker.Heron.Apis;
using Tracker.Heron.Proto;

namespace Tracker.Heron.Tests.Apis;

/// <summary>
/// The exact bytes of a timeline payload in each value style, over a TManager answer with every
/// awkward case: buckets newest first and not minute-aligned, two buckets in one minute, two with
/// the same start, NaN in both spellings, infinity, unparseable text, a bucket without interval,
/// buckets starting before the range, an instance without buckets, metrics and instances out of
/// order. Keys are the raw bucket starts (contract §4.3), never floored to the minute.
/// </summary>
public sealed class TimelineRulesTests
{
    private const long Start = 600;
    private const long End = 900;

    [Fact]
    public void Envelope_timeline_is_the_TManager_strings_keyed_by_raw_bucket_start()
    {
        Assert.Equal(
            """{"component":"word","starttime":600,"endtime":900,"timeline":{"__emit-count/default":{"container_1_word_1":{"599":"4.000000","601":"1.000000","659":"2.000000","661":"0.000010","721":"-0.000000","781":"100000000000000000.000000","841":"7","961":"8.000000"},"container_2_word_3":{}},"__jvm-process-cpu-load":{"container_1_word_1":{"553":"9.000000","613":"0.250000","913":"1e3"},"container_2_word_3":{"673":"0.125000"}}}}""",
            Render(TimelineValues.TManagerStrings));
    }

    [Fact]
    public void V2_metrics_timeline_writes_python_float_numbers()
    {
        Assert.Equal(
            """{"component":"word","starttime":600,"endtime":900,"timeline":{"__emit-count/default":{"container_1_word_1":{"599":4.0,"601":1.0,"659":2.0,"661":1e-05,"721":-0.0,"781":1e+17,"841":7.0,"961":8.0},"container_2_word_3":{}},"__jvm-process-cpu-load":{"container_1_word_1":{"553":9.0,"613":0.25,"913":1000.0},"container_2_word_3":{"673":0.125}}}}""",
            Render(TimelineValues.Numbers));
    }

    [Fact]
    public void V2_metricstimeline_writes_python_float_strings()
    {
        // The writer's default encoder escapes '+' inside strings: the same string to any JSON
        // reader, and these bytes are what clients have been getting.
        Assert.Equal(
            """{"component":"word","starttime":600,"endtime":900,"timeline":{"__emit-count/default":{"container_1_word_1":{"599":"4.0","601":"1.0","659":"2.0","661":"1e-05","721":"-0.0","781":"1e\u002B17","841":"7.0","961":"8.0"},"container_2_word_3":{}},"__jvm-process-cpu-load":{"container_1_word_1":{"553":"9.0","613":"0.25","913":"1000.0"},"container_2_word_3":{"673":"0.125"}}}}""",
            Render(TimelineValues.PythonFloatStrings));
    }

    [Fact]
    public void An_empty_answer_is_an_empty_timeline()
    {
        var payload = HeronResponses.Render(w => TimelineRules.Write(w, new MetricResponse { Status = new Status { Status_ = StatusCode.Notok } }, "count", 0, 60, TimelineValues.Numbers));
        Assert.Equal("""{"component":"count","starttime":0,"endtime":60,"timeline":{}}""", Encoding.UTF8.GetString(payload));
    }

    [Theory]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    [InlineData(-double.Epsilon, "-5e-324")]
    [InlineData(1e100, "1e+100")]
    [InlineData(123456.5, "123456.5")]
    [InlineData(-3d, "-3.0")]
    public void Python_float_text_at_the_extremes(double value, string text)
    {
        Assert.Equal(text, TimelineRules.PythonFloat(value));
    }

    private static string Render(TimelineValues values)
        => Encoding.UTF8.GetString(HeronResponses.Render(w => TimelineRules.Write(w, Answer(), "word", Start, End, values)));

    private static MetricResponse Answer()
    {
        var response = new MetricResponse { Status = new Status { Status_ = StatusCode.Ok }, Interval = End - Start };
        response.Metric.Add(Task("container_2_word_3",
            Metric("__jvm-process-cpu-load", (673, "0.125000")),
            Metric("__emit-count/default")));
        response.Metric.Add(Task("container_1_word_1",
            Metric("__jvm-process-cpu-load",
                (913, "1e3"),
                (853, "-nan"),
                (793, "nan"),
                (733, "inf"),
                (673, "abc"),
                (613, "0.250000"),
                (553, "9.000000")),
            Metric("__emit-count/default",
                (961, "8.000000"),
                (841, "7"),
                (781, "100000000000000000.000000"),
                (721, "-0.000000"),
                (661, "0.000010"),
                (659, "2.000000"),
                (601, "1.000000"),
                (599, "3.000000"),
                // The same start sent twice: the later one wins, as the reference's dict did.
                (599, "4.000000"))));
        // A bucket without interval cannot be placed: left out.
        response.Metric[1].Metric[1].IntervalValues.Add(new MetricResponse.Types.IndividualMetric.Types.IntervalValue { Value = "5.000000" });
        return response;
    }

    private static MetricResponse.Types.TaskMetric Task(string instance, params MetricResponse.Types.IndividualMetric[] metrics)
    {
        var task = new MetricResponse.Types.TaskMetric { InstanceId = instance };
        task.Metric.AddRange(metrics);
        return task;
    }

    private static MetricResponse.Types.IndividualMetric Metric(string name, params (long Start, string Value)[] buckets)
    {
        var metric = new MetricResponse.Types.IndividualMetric { Name = name };
        foreach (var (start, value) in buckets)
        {
            metric.IntervalValues.Add(new MetricResponse.Types.IndividualMetric.Types.IntervalValue
            {
                Value = value,
                Interval = new MetricInterval { Start = start, End = start + 60 },
            });
        }

        return metric;
    }
}
