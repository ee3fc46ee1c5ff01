using System.Text.Json;
using Tracker.Heron.Proto;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Apis.Payloads;

/// <summary><c>/physicalplan</c>: instances, their groups, stream managers with heron-shell links, components and config.</summary>
internal static class PhysicalPlanPayload
{
    public static void Write(Utf8JsonWriter writer, TopologySnapshot topology, HeronApiStyle style)
    {
        var plan = topology.PhysicalPlan;
        var streamManagers = topology.StreamManagers;
        writer.WriteStartObject();
        writer.WriteStartObject("instances");
        foreach (var instance in plan?.Instances ?? [])
        {
            var stmgr = streamManagers.GetValueOrDefault(instance.StmgrId);
            writer.WriteStartObject(instance.InstanceId);
            writer.WriteString("id", instance.InstanceId);
            writer.WriteString("name", instance.Info.ComponentName);
            writer.WriteString(style == HeronApiStyle.Envelope ? "stmgrId" : "stmgr_id", instance.StmgrId);
            WriteShellUrl(writer, "logfile", stmgr, $"/file/log-files/{instance.InstanceId}.log.0");
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("instance_groups");
        foreach (var group in (plan?.Instances ?? []).GroupBy(i => InstanceGroup(i.InstanceId), StringComparer.Ordinal))
        {
            writer.WriteStartArray(group.Key);
            foreach (var instance in group)
            {
                writer.WriteStringValue(instance.InstanceId);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("stmgrs");
        foreach (var stmgr in plan?.Stmgrs ?? [])
        {
            writer.WriteStartObject(stmgr.Id);
            writer.WriteString("id", stmgr.Id);
            writer.WriteString("host", stmgr.HostName);
            writer.WriteNumber("port", stmgr.DataPort);
            if (stmgr.HasShellPort)
            {
                writer.WriteNumber("shell_port", stmgr.ShellPort);
            }
            else
            {
                writer.WriteNull("shell_port");
            }

            if (stmgr.HasCwd)
            {
                writer.WriteString("cwd", stmgr.Cwd);
            }
            else
            {
                writer.WriteNull("cwd");
            }

            if (stmgr.HasPid)
            {
                writer.WriteNumber("pid", stmgr.Pid);
            }
            else
            {
                writer.WriteNull("pid");
            }

            WriteShellUrl(writer, "joburl", stmgr, "/browse/");
            WriteShellUrl(writer, "logfiles", stmgr, "/browse/log-files");
            writer.WriteStartArray("instance_ids");
            foreach (var instance in plan!.Instances)
            {
                if (instance.StmgrId == stmgr.Id)
                {
                    writer.WriteStringValue(instance.InstanceId);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        var spoutNames = plan?.Topology?.Spouts.Select(s => s.Comp.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        WriteComponentInstances(writer, "spouts", plan, plan?.Topology?.Spouts.Select(s => s.Comp.Name), i => spoutNames.Contains(i.Info.ComponentName));
        WriteComponentInstances(writer, "bolts", plan, plan?.Topology?.Bolts.Select(b => b.Comp.Name), i => !spoutNames.Contains(i.Info.ComponentName));
        writer.WritePropertyName("config");
        ConfigValues.Write(writer, plan?.Topology?.TopologyConfig, keepNonPrimitive: true);
        writer.WriteStartObject("components");
        foreach (var component in (plan?.Topology?.Spouts.Select(s => s.Comp) ?? []).Concat(plan?.Topology?.Bolts.Select(b => b.Comp) ?? []))
        {
            writer.WriteStartObject(component.Name);
            writer.WritePropertyName("config");
            ConfigValues.Write(writer, component.Config, keepNonPrimitive: true);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary><c>container_1_word_1</c> → <c>container_1</c>: the id without its last two parts.</summary>
    public static string InstanceGroup(string instanceId)
    {
        var last = instanceId.LastIndexOf('_');
        var secondLast = last > 0 ? instanceId.LastIndexOf('_', last - 1) : -1;
        return secondLast > 0 ? instanceId[..secondLast] : instanceId;
    }

    private static void WriteComponentInstances(Utf8JsonWriter writer, string name, PhysicalPlan? plan, IEnumerable<string>? components, Func<Instance, bool> belongs)
    {
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var component in components ?? [])
        {
            if (!lists.ContainsKey(component))
            {
                lists[component] = [];
                order.Add(component);
            }
        }

        foreach (var instance in plan?.Instances ?? [])
        {
            if (!belongs(instance))
            {
                continue;
            }

            if (!lists.TryGetValue(instance.Info.ComponentName, out var list))
            {
                lists[instance.Info.ComponentName] = list = [];
                order.Add(instance.Info.ComponentName);
            }

            list.Add(instance.InstanceId);
        }

        writer.WriteStartObject(name);
        foreach (var component in order)
        {
            writer.WriteStartArray(component);
            foreach (var id in lists[component])
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteShellUrl(Utf8JsonWriter writer, string key, StMgr? stmgr, string path)
    {
        // Without a shell port there is no shell to link to: null, and the topology keeps updating (§7.11).
        if (stmgr is { HasShellPort: true })
        {
            writer.WriteString(key, $"http://{stmgr.HostName}:{stmgr.ShellPort}{path}");
        }
        else
        {
            writer.WriteNull(key);
        }
    }
}
