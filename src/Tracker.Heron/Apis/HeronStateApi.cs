using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tracker.Heron.Apis.Payloads;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Apis;

/// <summary>
/// The topology state endpoints (contract §4.2–§4.3): the same handlers under every style's group;
/// the group decides envelope or bare JSON, the handler only the few style-specific field names.
/// </summary>
internal static class HeronStateApi
{
    public static IEndpointRouteBuilder MapHeronStateEndpoints(this IEndpointRouteBuilder group)
    {
        group.MapGet("/clusters", Clusters).WithSummary("The state manager names.");
        group.MapGet("/topologies", Topologies).WithSummary("Topology names: cluster → role → environ → [names].");
        group.MapGet("/topologies/states", States).WithSummary("Execution states: cluster → environ → topology → state.");
        group.MapGet("/topologies/info", Info).WithSummary("Everything about one topology.");
        group.MapGet("/topologies/logicalplan", (HttpContext c, TopologyRegistry r, TopologyPayloads p) => One(c, r, p, (t, s) => t.LogicalPlan(s)))
            .WithSummary("The logical plan: spouts, bolts, streams, stages.");
        group.MapGet("/topologies/physicalplan", (HttpContext c, TopologyRegistry r, TopologyPayloads p) => One(c, r, p, (t, s) => t.PhysicalPlan(s)))
            .WithSummary("The physical plan: instances, stream managers, config.");
        group.MapGet("/topologies/packingplan", (HttpContext c, TopologyRegistry r, TopologyPayloads p) => One(c, r, p, (t, _) => t.PackingPlan))
            .WithSummary("The packing plan: containers, instances, resources.");
        group.MapGet("/topologies/executionstate", (HttpContext c, TopologyRegistry r, TopologyPayloads p) => One(c, r, p, (t, s) => t.ExecutionState(s)))
            .WithSummary("The execution state (deprecated upstream in favour of metadata).");
        group.MapGet("/topologies/schedulerlocation", (HttpContext c, TopologyRegistry r, TopologyPayloads p) => One(c, r, p, (t, _) => t.SchedulerLocation))
            .WithSummary("The scheduler location.");
        group.MapGet("/topologies/metadata", (HttpContext c, TopologyRegistry r, TopologyPayloads p) => One(c, r, p, (t, _) => t.Metadata))
            .WithSummary("Submission metadata.");
        group.MapGet("/topologies/config", (HttpContext c, TopologyRegistry r, TopologyPayloads p) => One(c, r, p, (t, _) => t.Config))
            .WithSummary("The topology config; strings stay strings.");
        group.MapGet("/machines", Machines).WithSummary("Stream manager hosts: cluster → environ → topology → [hosts].");
        return group;
    }

    private static IResult One(HttpContext context, TopologyRegistry registry, TopologyPayloads payloads, Func<RenderedTopology, HeronApiStyle, byte[]> view)
    {
        if (!HeronRequest.TryFindTopology(context, registry, out var topology, out var error))
        {
            return error;
        }

        return HeronResponses.Json(view(RenderedTopology.Of(topology, payloads), HeronResponses.StyleOf(context)));
    }

    private static IResult Info(HttpContext context, TopologyRegistry registry, TopologyPayloads payloads)
    {
        if (!HeronRequest.TryFindTopology(context, registry, out var topology, out var error))
        {
            return error;
        }

        var rendered = RenderedTopology.Of(topology, payloads);
        var style = HeronResponses.StyleOf(context);
        return HeronResponses.Json(writer => rendered.WriteInfo(writer, style));
    }

    private static IResult Clusters(TopologyRegistry registry)
    {
        var names = registry.StateManagers;
        return HeronResponses.Json(writer =>
        {
            writer.WriteStartArray();
            foreach (var name in names)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        });
    }

    private static IResult Topologies(HttpContext context, TopologyRegistry registry, ListingCache cache)
    {
        var generation = registry.Generation;
        if (!TryListingFilters(context, registry, out var topologies, out var error))
        {
            return error;
        }

        if (context.Request.Query.Count == 0)
        {
            return HeronResponses.Json(cache.GetOrRender("topologies", HeronApiStyle.Envelope, generation, () => HeronResponses.Render(w => WriteTopologies(w, topologies))));
        }

        return HeronResponses.Json(writer => WriteTopologies(writer, topologies));
    }

    private static void WriteTopologies(Utf8JsonWriter writer, List<TopologySnapshot> topologies)
    {
        // cluster → role → environ → [names]
        var tree = new SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, List<string>>>>(StringComparer.Ordinal);
        foreach (var topology in topologies)
        {
            var state = topology.ExecutionState!;
            var roles = GetOrAdd(tree, state.Cluster);
            var environs = GetOrAdd(roles, state.Role);
            if (!environs.TryGetValue(state.Environ, out var names))
            {
                environs[state.Environ] = names = [];
            }

            names.Add(topology.Name);
        }

        writer.WriteStartObject();
        foreach (var (cluster, roles) in tree)
        {
            writer.WriteStartObject(cluster);
            foreach (var (role, environs) in roles)
            {
                writer.WriteStartObject(role);
                foreach (var (environ, names) in environs)
                {
                    writer.WriteStartArray(environ);
                    foreach (var name in names)
                    {
                        writer.WriteStringValue(name);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static IResult States(HttpContext context, TopologyRegistry registry, TopologyPayloads payloads, ListingCache cache)
    {
        var generation = registry.Generation;
        if (!TryListingFilters(context, registry, out var topologies, out var error))
        {
            return error;
        }

        var style = HeronResponses.StyleOf(context);
        void Write(Utf8JsonWriter writer) => WriteTree(writer, topologies, t => RenderedTopology.Of(t, payloads).ExecutionState(style), null);
        return context.Request.Query.Count == 0
            ? HeronResponses.Json(cache.GetOrRender("states", style, generation, () => HeronResponses.Render(Write)))
            : HeronResponses.Json(Write);
    }

    private static IResult Machines(HttpContext context, TopologyRegistry registry)
    {
        var clusters = HeronRequest.Repeated(context, "cluster");
        var environs = HeronRequest.Repeated(context, "environ");
        var names = HeronRequest.Repeated(context, "topology");
        if (names.Count > 0 && clusters.Count == 0)
        {
            return HeronResponses.MissingParameter("cluster");
        }

        if (names.Count > 0 && environs.Count == 0)
        {
            return HeronResponses.MissingParameter("environ");
        }

        var wanted = names.ToHashSet(StringComparer.Ordinal);
        var topologies = registry.Filter(clusters, environs)
            .Where(t => wanted.Count == 0 || wanted.Contains(t.Name))
            .ToList();
        return HeronResponses.Json(writer => WriteTree(writer, topologies, null, topology =>
        {
            writer.WriteStartArray();
            foreach (var host in TopologyPayloads.Machines(topology))
            {
                writer.WriteStringValue(host);
            }

            writer.WriteEndArray();
        }));
    }

    /// <summary><c>cluster</c> and <c>environ</c> (repeatable) and <c>role</c> (optional) of the listing endpoints.</summary>
    private static bool TryListingFilters(HttpContext context, TopologyRegistry registry, out List<TopologySnapshot> topologies, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IResult? error)
    {
        topologies = [];
        if (!HeronRequest.TryOptional(context, "role", out var role, out error))
        {
            return false;
        }

        role = string.IsNullOrEmpty(role) ? null : role;
        topologies = registry.Filter(HeronRequest.Repeated(context, "cluster"), HeronRequest.Repeated(context, "environ"), role).ToList();
        return true;
    }

    /// <summary>cluster → environ → topology → value, sorted by key at every level.</summary>
    private static void WriteTree(Utf8JsonWriter writer, List<TopologySnapshot> topologies, Func<TopologySnapshot, byte[]>? rendered, Action<TopologySnapshot>? write)
    {
        var tree = new SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, TopologySnapshot>>>(StringComparer.Ordinal);
        foreach (var topology in topologies)
        {
            var state = topology.ExecutionState!;
            // The first state manager wins when two hold the same topology, as lookups do.
            GetOrAdd(GetOrAdd(tree, state.Cluster), state.Environ).TryAdd(topology.Name, topology);
        }

        writer.WriteStartObject();
        foreach (var (cluster, environs) in tree)
        {
            writer.WriteStartObject(cluster);
            foreach (var (environ, byName) in environs)
            {
                writer.WriteStartObject(environ);
                foreach (var (name, topology) in byName)
                {
                    writer.WritePropertyName(name);
                    if (rendered is not null)
                    {
                        writer.WriteRawValue(rendered(topology), skipInputValidation: true);
                    }
                    else
                    {
                        write!(topology);
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static TValue GetOrAdd<TValue>(SortedDictionary<string, TValue> dictionary, string key)
        where TValue : new()
    {
        if (!dictionary.TryGetValue(key, out var value))
        {
            dictionary[key] = value = new TValue();
        }

        return value;
    }
}
