using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tracker.Heron.Proto;
using Tracker.Heron.State;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Apis.Payloads;

/// <summary>
/// The JSON of the topology state endpoints, shared by both API styles (contract §4.3); the few
/// style differences are parameters. Written straight to a <see cref="Utf8JsonWriter"/> so a
/// snapshot's answers can be rendered once and reused (<see cref="RenderedTopology"/>). This class
/// writes the metadata, execution and runtime state and config, and keeps the rendered answers; the
/// plans and locations have their own writers (<see cref="LogicalPlanPayload"/>,
/// <see cref="PhysicalPlanPayload"/>, <see cref="PackingPlanPayload"/>, <see cref="LocationPayloads"/>).
/// </summary>
internal sealed class TopologyPayloads
{
    private readonly IReadOnlyList<ExtraLinkOptions> _links;
    // Keyed weakly by the snapshot: a replaced snapshot's answers go with it, and most snapshots,
    // replaced before anyone asks (a topology's states arrive one by one), never get an entry.
    private readonly ConditionalWeakTable<TopologySnapshot, RenderedTopology> _answers = new();
    private readonly ConditionalWeakTable<TopologySnapshot, RenderedTopology>.CreateValueCallback _render;

    public TopologyPayloads(IOptions<HeronOptions> options)
    {
        _links = options.Value.ExtraLinks;
        Rendered = new(options.Value.RenderedAnswerCacheBytes, static answer => answer.LongLength);
        _render = topology => new RenderedTopology(topology, this);
    }

    /// <summary>Where every snapshot's rendered answers are kept (one budget for the whole process).</summary>
    public SnapshotBudget<byte[]> Rendered { get; }

    /// <summary>The answers of <paramref name="topology"/>, created on its first request and kept as long as the snapshot lives.</summary>
    public RenderedTopology RenderedOf(TopologySnapshot topology) => _answers.GetValue(topology, _render);

    public static string Status(TopologySnapshot topology) => topology.States.PhysicalPlan?.State switch
    {
        TopologyState.Running => "Running",
        TopologyState.Paused => "Paused",
        TopologyState.Killed => "Killed",
        _ => "Unknown",
    };

    /// <summary>The metadata keys, shared by <c>/metadata</c> and the execution state object.</summary>
    public void WriteMetadataFields(Utf8JsonWriter writer, TopologySnapshot topology)
    {
        var state = topology.ExecutionState ?? new ExecutionState();
        var release = state.ReleaseState ?? new HeronReleaseState();
        writer.WriteString("cluster", state.Cluster);
        writer.WriteString("environ", state.Environ);
        writer.WriteString("role", state.Role);
        writer.WriteString("jobname", topology.Name);
        writer.WriteNumber("submission_time", state.SubmissionTime);
        writer.WriteString("submission_user", state.SubmissionUser);
        writer.WriteString("release_username", release.ReleaseUsername);
        writer.WriteString("release_tag", release.ReleaseTag);
        writer.WriteString("release_version", release.ReleaseVersion);
        writer.WriteNumber("instances", topology.States.PhysicalPlan?.InstanceCount ?? 0);
        writer.WriteStartArray("extra_links");
        foreach (var link in _links)
        {
            WriteLink(writer, link.Name, link.Formatter, topology);
        }

        writer.WriteEndArray();
    }

    public void WriteMetadata(Utf8JsonWriter writer, TopologySnapshot topology)
    {
        writer.WriteStartObject();
        WriteMetadataFields(writer, topology);
        writer.WriteEndObject();
    }

    public void WriteExecutionState(Utf8JsonWriter writer, TopologySnapshot topology, HeronApiStyle style)
    {
        writer.WriteStartObject();
        WriteMetadataFields(writer, topology);
        writer.WriteBoolean("has_physical_plan", topology.HasPhysicalPlan);
        writer.WriteBoolean("has_packing_plan", topology.HasPackingPlan);
        writer.WriteBoolean("has_tmanager_location", topology.TManagerLocation is not null);
        if (style == HeronApiStyle.Envelope)
        {
            // UIs up to 0.20.3 read the pre-rename key.
            writer.WriteBoolean("has_tmaster_location", topology.TManagerLocation is not null);
        }

        writer.WriteBoolean("has_scheduler_location", topology.SchedulerLocation is not null);
        writer.WriteString("status", Status(topology));
        writer.WriteEndObject();
    }

    public static void WriteConfig(Utf8JsonWriter writer, TopologySnapshot topology)
        => ConfigValues.Write(writer, topology.PhysicalPlan?.Topology?.TopologyConfig, keepNonPrimitive: true);

    /// <summary>The runtime state without the TManager's registration summary (<c>stmgrs</c> left empty).</summary>
    public static void WriteRuntimeState(Utf8JsonWriter writer, TopologySnapshot topology)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("has_physical_plan", topology.HasPhysicalPlan);
        writer.WriteBoolean("has_packing_plan", topology.HasPackingPlan);
        writer.WriteBoolean("has_tmanager_location", topology.TManagerLocation is not null);
        writer.WriteBoolean("has_scheduler_location", topology.SchedulerLocation is not null);
        writer.WriteStartObject("stmgrs");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The hosts of the topology's stream managers, each once, in plan order (<c>/machines</c>).</summary>
    public static IReadOnlyList<string> Machines(TopologySnapshot topology) => topology.States.PhysicalPlan?.Hosts ?? [];

    /// <summary>One <c>{name, formatter, url}</c> link, the URL filled in from the topology (shared with the spouts' own links).</summary>
    internal static void WriteLink(Utf8JsonWriter writer, string name, string formatter, TopologySnapshot topology)
    {
        var state = topology.ExecutionState ?? new ExecutionState();
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteString("formatter", formatter);
        writer.WriteString("url", ExtraLinkTemplate.Render(formatter, state.Cluster, state.Environ, topology.Name, state.Role, state.SubmissionUser));
        writer.WriteEndObject();
    }
}
