using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tracker.Heron.Metrics;
using Tracker.Heron.Metrics.Query;
using Tracker.Heron.Telemetry;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Apis;

/// <summary>
/// The metrics query language endpoints (contract §4.2, §4.3, §5): <c>/topologies/metricsquery</c> (the Tornado path)
/// and <c>/topologies/metrics/query</c> (the 0.20.5 path), both in every group, so the envelope style answers at
/// the root and under <c>/v1</c> and the unwrapped style under <c>/v2</c>.
/// </summary>
internal static class MetricsQueryApi
{
    public static IEndpointRouteBuilder MapMetricsQueryEndpoints(this IEndpointRouteBuilder group)
    {
        group.MapGet("/topologies/metricsquery", RunAsync)
            .WithSummary("Runs a metrics query (TS, DEFAULT, SUM, MAX, PERCENTILE, DIVIDE, MULTIPLY, SUBTRACT, RATE) over [starttime, endtime].");
        group.MapGet("/topologies/metrics/query", RunAsync)
            .WithSummary("Runs a metrics query over [starttime, endtime]; minutely results per instance or aggregated.");
        return group;
    }

    private static async Task<IResult> RunAsync(HttpContext context, TopologyRegistry registry, IMetricTimelineSource timelines, HeronMetrics metrics)
    {
        if (!HeronRequest.TryFindTopology(context, registry, out var topology, out var error)
            || !HeronRequest.TryUnixSeconds(context, "starttime", out var start, out error)
            || !HeronRequest.TryUnixSeconds(context, "endtime", out var end, out error)
            || !HeronRequest.TryRequired(context, "query", out var text, out error))
        {
            return error;
        }

        var style = HeronResponses.StyleOf(context);
        if (start > end)
        {
            // The reference checked this only in the Tornado version; HEAD ran the query anyway (contract §7.12).
            return HeronResponses.Failure(
                StatusCodes.Status400BadRequest, style == HeronApiStyle.Envelope ? "starttime is greater than endtime." : "start_time > end_time");
        }

        MetricsQueryResult result;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var query = MetricsQueryParser.Parse(text);
            result = await MetricsQueryEvaluator.EvaluateAsync(query, start, end, new TopologyTimelines(topology, timelines), context.RequestAborted);
            metrics.QueryEvaluated(System.Diagnostics.Stopwatch.GetElapsedTime(started), "ok");
        }
        catch (MetricsQueryException e)
        {
            metrics.QueryEvaluated(System.Diagnostics.Stopwatch.GetElapsedTime(started), "invalid");
            return HeronResponses.Failure(StatusCodes.Status400BadRequest, e.Message);
        }
        catch (UpstreamException)
        {
            // Counted here, answered by the one error map (UpstreamErrors).
            metrics.QueryEvaluated(System.Diagnostics.Stopwatch.GetElapsedTime(started), "upstream_error");
            throw;
        }

        return HeronResponses.Json(writer => Write(writer, result, style));
    }

    /// <summary>
    /// <c>{"starttime", "endtime", "timeline": [{"instance", "data": {minute: value}}]}</c>. An aggregate's instance
    /// is <c>null</c> under <c>/v2</c> and left out in the envelope style, as each generation did. Points whose value
    /// is not finite (only constants such as <c>nan</c> or <c>inf</c> can produce them) are left out: JSON has no
    /// spelling for them, and the reference failed the whole answer instead.
    /// </summary>
    private static void Write(Utf8JsonWriter writer, MetricsQueryResult result, HeronApiStyle style)
    {
        Span<char> buffer = stackalloc char[32];
        writer.WriteStartObject();
        writer.WriteNumber("starttime", result.Start);
        writer.WriteNumber("endtime", result.End);
        writer.WriteStartArray("timeline");
        foreach (var timeline in result.Timelines)
        {
            writer.WriteStartObject();
            if (!string.IsNullOrEmpty(timeline.Instance))
            {
                writer.WriteString("instance", timeline.Instance);
            }
            else if (style == HeronApiStyle.Unwrapped)
            {
                writer.WriteNull("instance");
            }

            writer.WriteStartObject("data");
            foreach (var point in timeline.Points)
            {
                if (!double.IsFinite(point.Value))
                {
                    continue;
                }

                point.Timestamp.TryFormat(buffer, out var written, provider: CultureInfo.InvariantCulture);
                writer.WritePropertyName(buffer[..written]);
                writer.WriteRawValue(PythonFloatText(point.Value), skipInputValidation: true);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A float as Python's <c>repr</c> writes it: <c>2.0</c>, <c>0.5</c>, <c>1e-05</c>, <c>1e+16</c>.</summary>
    internal static string PythonFloatText(double value)
    {
        if (value == Math.Floor(value) && Math.Abs(value) < 1e16)
        {
            return value.ToString("0.0", CultureInfo.InvariantCulture);
        }

        return TimelineRules.PythonFloat(value);
    }

    /// <summary>The query's data source for one topology: each TS leaf is one minutely stats-port call.</summary>
    private sealed class TopologyTimelines(TopologySnapshot topology, IMetricTimelineSource timelines) : ITimelineSource
    {
        public async ValueTask<IReadOnlyList<InstanceTimeline>> FetchAsync(TimelineRequest request, CancellationToken cancellationToken)
        {
            IReadOnlyList<string> instances = request.Instance is null ? [] : [request.Instance];
            var answer = await timelines.GetTimelinesAsync(
                topology, request.Component, instances, request.Metric, request.Start, request.End, cancellationToken);

            // A NOTOK answer (unknown component, no metrics yet: #1322) is only logged by the reference, which then
            // evaluates whatever came back, usually nothing.
            var result = new List<InstanceTimeline>(answer.Instances.Count);
            foreach (var (instance, points) in answer.Instances)
            {
                result.Add(new InstanceTimeline(instance, points));
            }

            return result;
        }
    }
}
