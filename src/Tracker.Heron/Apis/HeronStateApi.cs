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

        return HeronResponses.Json(view(payloads.RenderedOf(topology), HeronResponses.StyleOf(context)));
    }

    private static IResult Info(HttpContext context, TopologyRegistry registry, TopologyPayloads payloads)
    {
        if (!HeronRequest.TryFindTopology(context, registry, out var topology, out var error))
        {
            return error;
        }

        var rendered = payloads.RenderedOf(topology);
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
        if (!TryListingFilters(context, registry, out var listing, out var error))
        {
            return error;
        }

        if (context.Request.Query.Count == 0)
        {
            return HeronResponses.Json(cache.GetOrRender("topologies", HeronApiStyle.Envelope, generation, () => HeronResponses.Render(w => WriteTopologies(w, listing))));
        }

        return HeronResponses.Json(writer => WriteTopologies(writer, listing));
    }

    private static void WriteTopologies(Utf8JsonWriter writer, Listing listing)
    {
        // cluster → role → environ → [names]. Environs sit under roles here, so only the kept
        // clusters are seeded: there is no role to hang a kept environ under.
        var tree = new SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, List<string>>>>(StringComparer.Ordinal);
        foreach (var cluster in listing.Kept.Keys)
        {
            GetOrAdd(tree, cluster);
        }

        foreach (var topology in listing.Topologies)
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
        if (!TryListingFilters(context, registry, out var listing, out var error))
        {
            return error;
        }

        var style = HeronResponses.StyleOf(context);
        void Write(Utf8JsonWriter writer) => WriteTree(writer, listing, t => payloads.RenderedOf(t).ExecutionState(style), null);
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
        var listing = new Listing(topologies, KeptKeys(registry, clusters, environs));
        return HeronResponses.Json(writer => WriteTree(writer, listing, null, topology =>
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
    private static bool TryListingFilters(HttpContext context, TopologyRegistry registry, out Listing listing, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IResult? error)
    {
        listing = new Listing([], []);
        if (!HeronRequest.TryOptional(context, "role", out var role, out error))
        {
            return false;
        }

        role = string.IsNullOrEmpty(role) ? null : role;
        var clusters = HeronRequest.Repeated(context, "cluster");
        var environs = HeronRequest.Repeated(context, "environ");
        listing = new Listing(registry.Filter(clusters, environs, role).ToList(), KeptKeys(registry, clusters, environs));
        return true;
    }

    /// <summary>
    /// The requested clusters that exist (a state manager's name or a topology's cluster), each with
    /// the requested environs that exist in it (some topology of that cluster, any role, runs there).
    /// A listing shows them as keys even when nothing under them matched: heron-explorer indexes the
    /// answer by the cluster it asked for (<c>result[cluster]</c>) and failed with a KeyError on
    /// <c>{}</c>. Unknown names stay absent, as in the reference.
    /// </summary>
    private static Dictionary<string, List<string>> KeptKeys(TopologyRegistry registry, IReadOnlyList<string> clusters, IReadOnlyList<string> environs)
    {
        var kept = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (clusters.Count == 0)
        {
            return kept;
        }

        var all = registry.Topologies;
        foreach (var cluster in clusters)
        {
            if (kept.ContainsKey(cluster))
            {
                continue;
            }

            var known = new HashSet<string>(StringComparer.Ordinal);
            foreach (var topology in all)
            {
                if (topology.ExecutionState is { } state && string.Equals(state.Cluster, cluster, StringComparison.Ordinal))
                {
                    known.Add(state.Environ);
                }
            }

            if (known.Count > 0 || registry.StateManagers.Contains(cluster, StringComparer.Ordinal))
            {
                kept[cluster] = environs.Where(known.Contains).Distinct(StringComparer.Ordinal).ToList();
            }
        }

        return kept;
    }

    /// <summary>cluster → environ → topology → value, sorted by key at every level; kept clusters and environs always present.</summary>
    private static void WriteTree(Utf8JsonWriter writer, Listing listing, Func<TopologySnapshot, byte[]>? rendered, Action<TopologySnapshot>? write)
    {
        var tree = new SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, TopologySnapshot>>>(StringComparer.Ordinal);
        foreach (var (cluster, environs) in listing.Kept)
        {
            var byEnviron = GetOrAdd(tree, cluster);
            foreach (var environ in environs)
            {
                GetOrAdd(byEnviron, environ);
            }
        }

        foreach (var topology in listing.Topologies)
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

    /// <summary>A listing's matching topologies and the requested keys it keeps (<see cref="KeptKeys"/>).</summary>
    private sealed record Listing(List<TopologySnapshot> Topologies, Dictionary<string, List<string>> Kept);
}
