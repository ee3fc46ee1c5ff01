using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using Tracker.Heron.Metrics;
using Tracker.Heron.Proto;

namespace Tracker.Heron.Apis;

/// <summary>
/// How a minutely TManager answer becomes a timeline: every bucket the TManager sent, keyed by its
/// start exactly as sent (contract §4.3: not floored, not range-filtered), without NaN. The query
/// language's minute grid is a different rule (<see cref="Tracker.Heron.Metrics.Query.MinuteGrid"/>).
/// </summary>
internal static class TimelineRules
{
    /// <summary>Room for any double in <c>R</c> format plus the <c>.0</c> or the exponent Python adds.</summary>
    internal const int FloatBytes = 32;

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, always with a decimal point or exponent.</summary>
    public static string PythonFloat(double value)
    {
        Span<byte> text = stackalloc byte[FloatBytes];
        return Encoding.UTF8.GetString(text[..FormatPythonFloat(value, text)]);
    }

    /// <summary>
    /// The timeline payload: component, range and metric → instance → bucket start → value in the
    /// chosen style, written straight from the TManager's answer. Metrics and instances in ordinal
    /// order (the same metric twice for an instance: the later one wins); per instance, every bucket
    /// the TManager sent (those overlapping the asked interval, so usually one that starts before
    /// <c>starttime</c>), keyed by its raw start, oldest first; when two buckets share a start the
    /// later one sent wins, as the reference's dict assignment did. NaN, infinite and unparseable
    /// values are dropped (the reference failed the whole answer on NaN).
    /// </summary>
    public static void Write(Utf8JsonWriter writer, MetricResponse response, string component, long start, long end, TimelineValues values)
    {
        writer.WriteStartObject();
        writer.WriteString("component", component);
        writer.WriteNumber("starttime", start);
        writer.WriteNumber("endtime", end);
        writer.WriteStartObject("timeline");

        var series = new List<Series>();
        var largest = 0;
        foreach (var task in response.Metric)
        {
            foreach (var metric in task.Metric)
            {
                series.Add(new Series(metric.Name, task.InstanceId, series.Count, metric));
                largest = Math.Max(largest, metric.IntervalValues.Count);
            }
        }

        series.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Metric, b.Metric);
            if (byName != 0)
            {
                return byName;
            }

            var byInstance = string.CompareOrdinal(a.Instance, b.Instance);
            return byInstance != 0 ? byInstance : a.Order.CompareTo(b.Order);
        });

        var buckets = ArrayPool<Bucket>.Shared.Rent(Math.Max(1, largest));
        try
        {
            for (var i = 0; i < series.Count; i++)
            {
                var current = series[i];
                if (i + 1 < series.Count && series[i + 1].Metric == current.Metric && series[i + 1].Instance == current.Instance)
                {
                    continue;
                }

                if (i == 0 || series[i - 1].Metric != current.Metric)
                {
                    writer.WriteStartObject(current.Metric);
                }

                writer.WriteStartObject(current.Instance);
                WritePoints(writer, current.Values.IntervalValues, buckets, values);
                writer.WriteEndObject();

                if (i + 1 == series.Count || series[i + 1].Metric != current.Metric)
                {
                    writer.WriteEndObject();
                }
            }
        }
        finally
        {
            ArrayPool<Bucket>.Shared.Return(buckets);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Python's <c>repr(float)</c> as UTF-8 into <paramref name="destination"/> (at least <see cref="FloatBytes"/> long); returns the length.</summary>
    internal static int FormatPythonFloat(double value, Span<byte> destination)
    {
        if (!value.TryFormat(destination, out var length, "R", CultureInfo.InvariantCulture))
        {
            throw new ArgumentException("The destination is too small for a double.", nameof(destination));
        }

        var at = destination[..length].IndexOf((byte)'E');
        if (at >= 0)
        {
            // Python writes at least two exponent digits and no '+' padding beyond that: 1e+16, 1e-05.
            var exponent = int.Parse(destination[(at + 1)..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            destination[at] = (byte)'e';
            destination[at + 1] = exponent < 0 ? (byte)'-' : (byte)'+';
            Math.Abs(exponent).TryFormat(destination[(at + 2)..], out var digits, "00", CultureInfo.InvariantCulture);
            return at + 2 + digits;
        }

        if (destination[..length].IndexOf((byte)'.') >= 0)
        {
            return length;
        }

        destination[length] = (byte)'.';
        destination[length + 1] = (byte)'0';
        return length + 2;
    }

    private static void WritePoints(
        Utf8JsonWriter writer, RepeatedField<MetricResponse.Types.IndividualMetric.Types.IntervalValue> intervalValues, Bucket[] buckets, TimelineValues values)
    {
        var count = 0;
        for (var i = 0; i < intervalValues.Count; i++)
        {
            var bucket = intervalValues[i];
            if (bucket.Interval is null || TManagerClient.ParseValue(bucket.Value) is not { } value || !double.IsFinite(value))
            {
                continue;
            }

            buckets[count++] = new Bucket(bucket.Interval.Start, i, value);
        }

        // By start; among equal starts the last sent first, so it is the one written.
        var sorted = buckets.AsSpan(0, count);
        sorted.Sort(static (a, b) =>
        {
            var byStart = a.Start.CompareTo(b.Start);
            return byStart != 0 ? byStart : b.Index.CompareTo(a.Index);
        });

        Span<byte> key = stackalloc byte[24];
        Span<byte> number = stackalloc byte[FloatBytes];
        for (var i = 0; i < sorted.Length; i++)
        {
            var point = sorted[i];
            if (i > 0 && sorted[i - 1].Start == point.Start)
            {
                continue;
            }

            point.Start.TryFormat(key, out var keyLength, default, CultureInfo.InvariantCulture);
            switch (values)
            {
                case TimelineValues.Numbers:
                    // Floats as 0.20.5 prints them (1.0, not 1): same number, same text.
                    writer.WritePropertyName(key[..keyLength]);
                    writer.WriteRawValue(number[..FormatPythonFloat(point.Value, number)], skipInputValidation: true);
                    break;
                case TimelineValues.PythonFloatStrings:
                    writer.WriteString(key[..keyLength], number[..FormatPythonFloat(point.Value, number)]);
                    break;
                default:
                    writer.WriteString(key[..keyLength], intervalValues[point.Index].Value);
                    break;
            }
        }
    }

    private readonly record struct Series(string Metric, string Instance, int Order, MetricResponse.Types.IndividualMetric Values);

    private readonly record struct Bucket(long Start, int Index, double Value);
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
