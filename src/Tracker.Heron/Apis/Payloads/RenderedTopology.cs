using System.Text.Json;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Apis.Payloads;

/// <summary>
/// A snapshot's answers, rendered to UTF-8 JSON on first request and then served as bytes until
/// the snapshot is replaced (contract: pre-rendered <c>TopologyInfo</c> rebuilt on every change) or
/// the answer is evicted to keep all rendered answers within <see cref="TopologyPayloads.Rendered"/>.
/// One per snapshot, from <see cref="TopologyPayloads.RenderedOf"/>.
/// </summary>
internal sealed class RenderedTopology(TopologySnapshot topology, TopologyPayloads payloads)
{
    private readonly PerStyle _executionState = new(style => w => payloads.WriteExecutionState(w, topology, style));
    private readonly PerStyle _logicalPlan = new(style => w => LogicalPlanPayload.Write(w, topology, style));
    private readonly PerStyle _physicalPlan = new(style => w => PhysicalPlanPayload.Write(w, topology, style));
    private readonly Part _metadata = new(w => payloads.WriteMetadata(w, topology));
    private readonly Part _packingPlan = new(w => PackingPlanPayload.Write(w, topology));
    private readonly Part _schedulerLocation = new(w => LocationPayloads.WriteSchedulerLocation(w, topology));
    private readonly Part _config = new(w => TopologyPayloads.WriteConfig(w, topology));

    public byte[] ExecutionState(HeronApiStyle style) => _executionState.Get(style).Get(payloads.Rendered);

    public byte[] LogicalPlan(HeronApiStyle style) => _logicalPlan.Get(style).Get(payloads.Rendered);

    public byte[] PhysicalPlan(HeronApiStyle style) => _physicalPlan.Get(style).Get(payloads.Rendered);

    /// <summary>
    /// <c>/info</c>, composed per request from the other rendered parts (keys in HEAD order), so the
    /// largest parts are held once, not again inside a rendered <c>/info</c>.
    /// </summary>
    public void WriteInfo(Utf8JsonWriter writer, HeronApiStyle style)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("execution_state");
        writer.WriteRawValue(ExecutionState(style), skipInputValidation: true);
        if (topology.Id is { } id)
        {
            writer.WriteString("id", id);
        }
        else
        {
            writer.WriteNull("id");
        }

        writer.WritePropertyName("logical_plan");
        writer.WriteRawValue(LogicalPlan(style), skipInputValidation: true);
        writer.WritePropertyName("metadata");
        writer.WriteRawValue(Metadata, skipInputValidation: true);
        writer.WriteString("name", topology.Name);
        writer.WritePropertyName("packing_plan");
        writer.WriteRawValue(PackingPlan, skipInputValidation: true);
        writer.WritePropertyName("physical_plan");
        writer.WriteRawValue(PhysicalPlan(style), skipInputValidation: true);
        writer.WritePropertyName("runtime_state");
        TopologyPayloads.WriteRuntimeState(writer, topology);
        writer.WritePropertyName("scheduler_location");
        writer.WriteRawValue(SchedulerLocation, skipInputValidation: true);
        writer.WritePropertyName("tmanager_location");
        LocationPayloads.WriteTManagerLocation(writer, topology);
        writer.WriteEndObject();
    }

    public byte[] Metadata => _metadata.Get(payloads.Rendered);

    public byte[] PackingPlan => _packingPlan.Get(payloads.Rendered);

    public byte[] SchedulerLocation => _schedulerLocation.Get(payloads.Rendered);

    public byte[] Config => _config.Get(payloads.Rendered);

    private sealed class Part(Action<Utf8JsonWriter> write)
    {
        private readonly BudgetSlot<byte[]> _slot = new();

        public byte[] Get(SnapshotBudget<byte[]> budget) => budget.Get(_slot, () => HeronResponses.Render(write));
    }

    private sealed class PerStyle(Func<HeronApiStyle, Action<Utf8JsonWriter>> write)
    {
        private readonly Part _envelope = new(write(HeronApiStyle.Envelope));
        private readonly Part _unwrapped = new(write(HeronApiStyle.Unwrapped));

        public Part Get(HeronApiStyle style) => style == HeronApiStyle.Envelope ? _envelope : _unwrapped;
    }
}
