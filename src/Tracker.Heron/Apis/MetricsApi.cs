using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tracker.Heron.Metrics;
using Tracker.Heron.Proto;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Apis;

/// <summary>
/// The TManager-backed endpoints: <c>/topologies/metrics</c>, the timelines, exceptions, the
/// exception summary and the runtime state. Each makes exactly one stats-port call.
/// </summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapHeronMetricsApi(this IEndpointRouteBuilder group)
    {
        group.MapGet("/topologies/metrics", Metrics)
            .WithSummary("Metrics of a component's instances aggregated over an interval");
        group.MapGet("/topologies/metrics/timeline", (HttpContext c, TopologyRegistry r, TManagerClient t, CancellationToken ct) => Timeline(c, r, t, legacy: false, ct))
            .WithSummary("Minutely metric values per instance");
        group.MapGet("/topologies/metricstimeline", (HttpContext c, TopologyRegistry r, TManagerClient t, CancellationToken ct) => Timeline(c, r, t, legacy: true, ct))
            .WithSummary("Minutely metric values per instance (legacy path, string values)");
        group.MapGet("/topologies/exceptions", (HttpContext c, TopologyRegistry r, TManagerClient t, CancellationToken ct) => Exceptions(c, r, t, summary: false, ct))
            .WithSummary("Exception logs of a component's instances");
        group.MapGet("/topologies/exceptionsummary", (HttpContext c, TopologyRegistry r, TManagerClient t, CancellationToken ct) => Exceptions(c, r, t, summary: true, ct))
            .WithSummary("Exceptions of a component grouped by class name");
        group.MapGet("/topologies/runtimestate", RuntimeState)
            .WithSummary("Which stream managers are registered with the TManager");
        return group;
    }

    private static async Task<IResult> Metrics(HttpContext context, TopologyRegistry registry, TManagerClient tmanager, CancellationToken cancellationToken)
    {
        if (!HeronRequest.TryFindTopology(context, registry, out var topology, out var error)
            || !UpstreamCalls.TryComponent(context, topology, allowStreamManagers: true, out var component, out error)
            || !UpstreamCalls.TryInstances(context, topology, component, out var instances, out error)
            || !HeronRequest.TryInteger(context, "interval", required: false, fallback: -1, out var interval, out error))
        {
            return error;
        }

        var request = new MetricRequest { ComponentName = component, Interval = interval };
        request.InstanceId.AddRange(instances);
        request.Metric.AddRange(HeronRequest.Repeated(context, "metricname"));
        var response = await tmanager.GetMetricsAsync(topology, request, cancellationToken);
        var metrics = new SortedDictionary<string, List<(string Instance, string Value)>>(StringComparer.Ordinal);
        foreach (var task in response.Metric)
        {
            foreach (var metric in task.Metric)
            {
                if (metric.HasValue)
                {
                    Add(metrics, metric.Name, (task.InstanceId, metric.Value));
                }
            }
        }

        // A NOTOK answer carries no interval: 0, as the reference reports it.
        var answeredInterval = response.HasInterval ? response.Interval : 0;
        return HeronResponses.Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("interval", answeredInterval);
            writer.WriteString("component", component);
            writer.WriteStartObject("metrics");
            foreach (var (name, values) in metrics)
            {
                writer.WriteStartObject(name);
                foreach (var (instance, value) in values)
                {
                    // The TManager's own strings ("42.000000") in both styles, as every reference generation.
                    writer.WriteString(instance, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static async Task<IResult> Timeline(HttpContext context, TopologyRegistry registry, TManagerClient tmanager, bool legacy, CancellationToken cancellationToken)
    {
        if (!HeronRequest.TryFindTopology(context, registry, out var topology, out var error)
            || !UpstreamCalls.TryComponent(context, topology, allowStreamManagers: true, out var component, out error)
            || !UpstreamCalls.TryInstances(context, topology, component, out var instances, out error)
            || !HeronRequest.TryUnixSeconds(context, "starttime", out var start, out error)
            || !HeronRequest.TryUnixSeconds(context, "endtime", out var end, out error))
        {
            return error;
        }

        var style = HeronResponses.StyleOf(context);
        if (start > end)
        {
            return HeronResponses.Failure(400, style == HeronApiStyle.Unwrapped ? "start_time > end_time" : "starttime is greater than endtime.");
        }

        var names = HeronRequest.Repeated(context, "metricname");
        if (names.Count == 0)
        {
            return HeronResponses.MissingParameter("metricname");
        }

        // The interval goes to the TManager as asked; it answers every bucket overlapping it, and
        // those are served keyed by their own (unaligned) starts, as the reference and the Health
        // Manager reading it expect.
        var request = TManagerClient.MinutelyRequest(component, instances, names, start, end);
        var values = style == HeronApiStyle.Unwrapped
            ? legacy ? TimelineValues.PythonFloatStrings : TimelineValues.Numbers
            : TimelineValues.TManagerStrings;
        var response = await tmanager.GetMetricsAsync(topology, request, cancellationToken);
        return HeronResponses.Json(writer => TimelineRules.Write(writer, response, component, start, end, values));
    }

    private static async Task<IResult> Exceptions(HttpContext context, TopologyRegistry registry, TManagerClient tmanager, bool summary, CancellationToken cancellationToken)
    {
        if (!HeronRequest.TryFindTopology(context, registry, out var topology, out var error)
            || !UpstreamCalls.TryComponent(context, topology, allowStreamManagers: false, out var component, out error)
            || !UpstreamCalls.TryInstances(context, topology, component, out var instances, out error))
        {
            return error;
        }

        var request = new ExceptionLogRequest { ComponentName = component };
        request.Instances.AddRange(instances);
        var envelope = HeronResponses.StyleOf(context) == HeronApiStyle.Envelope;
        var response = await tmanager.GetExceptionsAsync(topology, request, summary, cancellationToken);
        if (response.Status?.Status_ != StatusCode.Ok)
        {
            throw new UpstreamException(
                UpstreamFailure.Unreachable,
                $"The TManager of topology {topology.Name} refused the exceptions of {component}: {response.Status?.Message ?? "NOTOK"}");
        }

        return HeronResponses.Json(writer =>
        {
            writer.WriteStartArray();
            foreach (var log in response.Exceptions)
            {
                writer.WriteStartObject();
                if (summary)
                {
                    // The TManager puts the class name in `stacktrace`; dates stay Java's strings.
                    writer.WriteString("class_name", log.Stacktrace);
                    writer.WriteString("lasttime", log.Lasttime);
                    writer.WriteString("firsttime", log.Firsttime);
                    writer.WriteString("count", log.Count.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.WriteString("hostname", log.Hostname);
                    writer.WriteString("instance_id", log.InstanceId);
                    writer.WriteString(envelope ? "stack_trace" : "stacktrace", log.Stacktrace);
                    writer.WriteString("lasttime", log.Lasttime);
                    writer.WriteString("firsttime", log.Firsttime);
                    writer.WriteString("count", log.Count.ToString(CultureInfo.InvariantCulture));
                    writer.WriteString("logging", log.Logging);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    private static async Task<IResult> RuntimeState(HttpContext context, TopologyRegistry registry, TManagerClient tmanager, CancellationToken cancellationToken)
    {
        if (!HeronRequest.TryFindTopology(context, registry, out var topology, out var error))
        {
            return error;
        }

        var envelope = HeronResponses.StyleOf(context) == HeronApiStyle.Envelope;
        // Without a TManager there is nobody to ask: the flags already say so, stmgrs stays empty.
        var registrations = topology.TManagerLocation is null ? null : await tmanager.GetRegistrationsAsync(topology, cancellationToken);
        return HeronResponses.Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("has_physical_plan", topology.HasPhysicalPlan);
            writer.WriteBoolean("has_packing_plan", topology.HasPackingPlan);
            writer.WriteBoolean("has_tmanager_location", topology.TManagerLocation is not null);
            writer.WriteBoolean("has_scheduler_location", topology.SchedulerLocation is not null);
            if (envelope)
            {
                writer.WriteString("topology_version", topology.ExecutionState?.ReleaseState?.ReleaseVersion ?? "");
            }

            writer.WriteStartObject("stmgrs");
            if (registrations is not null)
            {
                foreach (var id in registrations.RegisteredStmgrs)
                {
                    writer.WriteStartObject(id);
                    writer.WriteBoolean("is_registered", true);
                    writer.WriteEndObject();
                }

                foreach (var id in registrations.AbsentStmgrs)
                {
                    writer.WriteStartObject(id);
                    writer.WriteBoolean("is_registered", false);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static void Add(SortedDictionary<string, List<(string, string)>> metrics, string name, (string, string) value)
    {
        if (!metrics.TryGetValue(name, out var list))
        {
            metrics[name] = list = [];
        }

        list.Add(value);
    }
}
