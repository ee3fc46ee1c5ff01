using System.Text.Json;
using Tracker.Heron.Proto;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Apis.Payloads;

/// <summary><c>/packingplan</c>: containers, their instances and resources.</summary>
internal static class PackingPlanPayload
{
    public static void Write(Utf8JsonWriter writer, TopologySnapshot topology)
    {
        var plan = topology.DecodePackingPlan();
        writer.WriteStartObject();
        writer.WriteString("id", plan?.Id ?? "");
        writer.WriteStartArray("container_plans");
        foreach (var container in plan?.ContainerPlans ?? [])
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", container.Id);
            writer.WriteStartArray("instances");
            foreach (var instance in container.InstancePlans)
            {
                writer.WriteStartObject();
                writer.WriteString("component_name", instance.ComponentName);
                writer.WriteNumber("task_id", instance.TaskId);
                writer.WriteNumber("component_index", instance.ComponentIndex);
                WriteResource(writer, "instance_resources", instance.Resource);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WriteResource(writer, "required_resources", container.RequiredResource);
            WriteResource(writer, "scheduled_resources", container.ScheduledResource);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter writer, string name, Resource? resource)
    {
        writer.WriteStartObject(name);
        WriteFloat(writer, "cpu", resource?.Cpu ?? 0d);
        writer.WriteNumber("ram", resource?.Ram ?? 0L);
        writer.WriteNumber("disk", resource?.Disk ?? 0L);
        writer.WriteEndObject();
    }

    /// <summary>A float as Python writes it: whole numbers keep their <c>.0</c> (<c>1.0</c>, not <c>1</c>).</summary>
    private static void WriteFloat(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value) && value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), skipInputValidation: true);
        }
        else
        {
            writer.WriteNumber(name, double.IsFinite(value) ? value : 0d);
        }
    }
}
