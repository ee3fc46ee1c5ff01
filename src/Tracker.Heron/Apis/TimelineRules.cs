using System.Globalization;
using System.Text.Json;
using Tracker.Heron.Metrics;
using Tracker.Heron.Proto;

namespace Tracker.Heron.Apis;

/// <summary>How a minutely TManager answer becomes a timeline: keyed by minute, inside the asked range, no NaN.</summary>
internal static class TimelineRules
{
    public const long MinuteSeconds = 60;

    public readonly record struct Point(long Minute, double Value, string Text);

    /// <summary>
    /// metric → instance → points sorted by minute. A bucket is keyed by its start floored to the
    /// minute and kept when that minute is within <c>[start, end]</c>; NaN and unparseable values
    /// are dropped (the reference failed the whole answer on NaN); when two buckets fall on the
    /// same minute the later bucket wins.
    /// </summary>
    public static SortedDictionary<string, SortedDictionary<string, List<Point>>> ByMetric(MetricResponse response, long start, long end)
    {
        var timeline = new SortedDictionary<string, SortedDictionary<string, List<Point>>>(StringComparer.Ordinal);
        foreach (var task in response.Metric)
        {
            foreach (var metric in task.Metric)
            {
                var byMinute = new SortedDictionary<long, (long RawStart, Point Point)>();
                foreach (var bucket in metric.IntervalValues)
                {
                    if (bucket.Interval is null || TManagerClient.ParseValue(bucket.Value) is not { } value || double.IsNaN(value) || double.IsInfinity(value))
                    {
                        continue;
                    }

                    var minute = Floor(bucket.Interval.Start);
                    if (minute < start || minute > end)
                    {
                        continue;
                    }

                    if (!byMinute.TryGetValue(minute, out var existing) || existing.RawStart < bucket.Interval.Start)
                    {
                        byMinute[minute] = (bucket.Interval.Start, new Point(minute, value, bucket.Value));
                    }
                }

                if (!timeline.TryGetValue(metric.Name, out var byInstance))
                {
                    timeline[metric.Name] = byInstance = new SortedDictionary<string, List<Point>>(StringComparer.Ordinal);
                }

                byInstance[task.InstanceId] = byMinute.Values.Select(v => v.Point).ToList();
            }
        }

        return timeline;
    }

    public static long Floor(long seconds) => seconds >= 0 ? seconds / MinuteSeconds * MinuteSeconds : -((-seconds + MinuteSeconds - 1) / MinuteSeconds * MinuteSeconds);

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, always with a decimal point or exponent.</summary>
    public static string PythonFloat(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        if (text.Contains('e', StringComparison.Ordinal))
        {
            // Python writes at least two exponent digits and no '+' padding beyond that: 1e+16, 1e-05.
            var at = text.IndexOf('e', StringComparison.Ordinal);
            var mantissa = text[..at];
            var exponent = int.Parse(text[(at + 1)..], CultureInfo.InvariantCulture);
            return $"{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }

        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }

    /// <summary>The timeline payload: component, range and metric → instance → minute → value in the chosen style.</summary>
    public static void Write(Utf8JsonWriter writer, MetricResponse response, string component, long start, long end, TimelineValues values)
    {
        var timeline = ByMetric(response, start, end);
        writer.WriteStartObject();
        writer.WriteString("component", component);
        writer.WriteNumber("starttime", start);
        writer.WriteNumber("endtime", end);
        writer.WriteStartObject("timeline");
        foreach (var (metric, byInstance) in timeline)
        {
            writer.WriteStartObject(metric);
            foreach (var (instance, points) in byInstance)
            {
                writer.WriteStartObject(instance);
                foreach (var point in points)
                {
                    var key = point.Minute.ToString(CultureInfo.InvariantCulture);
                    switch (values)
                    {
                        case TimelineValues.Numbers:
                            // Floats as 0.20.5 prints them (1.0, not 1): same number, same text.
                            writer.WritePropertyName(key);
                            writer.WriteRawValue(PythonFloat(point.Value), skipInputValidation: true);
                            break;
                        case TimelineValues.PythonFloatStrings:
                            writer.WriteString(key, PythonFloat(point.Value));
                            break;
                        default:
                            writer.WriteString(key, point.Text);
                            break;
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}

/// <summary>How a timeline's values are written, per route and style.</summary>
internal enum TimelineValues
{
    /// <summary>Envelope style: the TManager's strings (<c>"1.000000"</c>), as the Tornado tracker.</summary>
    TManagerStrings,

    /// <summary><c>/v2/topologies/metrics/timeline</c>: JSON numbers.</summary>
    Numbers,

    /// <summary><c>/v2/topologies/metricstimeline</c>: strings re-rendered from the float (<c>"1.0"</c>), as 0.20.5.</summary>
    PythonFloatStrings,
}
