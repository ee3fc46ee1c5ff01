using System.Text.Json;
using Microsoft.Extensions.Options;
using Tracker.Heron.Proto;
using Tracker.Heron.State;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Apis.Payloads;

/// <summary>
/// The JSON of every topology state endpoint, shared by both API styles (contract §4.3); the few
/// style differences are parameters. Written straight to a <see cref="Utf8JsonWriter"/> so a
/// snapshot's answers can be rendered once and reused (<see cref="RenderedTopology"/>).
/// </summary>
internal sealed class TopologyPayloads(IOptions<HeronOptions> options)
{
    private readonly IReadOnlyList<ExtraLinkOptions> _links = options.Value.ExtraLinks;

    /// <summary>Where every snapshot's rendered answers are kept (one budget for the whole process).</summary>
    public SnapshotBudget<byte[]> Rendered { get; } = new(options.Value.RenderedAnswerCacheBytes, static answer => answer.LongLength);

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

    public void WriteLogicalPlan(Utf8JsonWriter writer, TopologySnapshot topology, HeronApiStyle style)
    {
        var plan = topology.PhysicalPlan?.Topology;
        writer.WriteStartObject();
        writer.WriteStartObject("bolts");
        foreach (var bolt in plan?.Bolts ?? [])
        {
            writer.WriteStartObject(bolt.Comp.Name);
            writer.WritePropertyName("config");
            ConfigValues.Write(writer, bolt.Comp.Config, keepNonPrimitive: false);
            WriteOutputs(writer, bolt.Outputs);
            writer.WriteStartArray("inputs");
            foreach (var input in bolt.Inputs)
            {
                writer.WriteStartObject();
                writer.WriteString("stream_name", input.Stream.Id);
                writer.WriteString("component_name", input.Stream.ComponentName);
                writer.WriteString("grouping", GroupingName(input.Gtype));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("inputComponents");
            foreach (var input in bolt.Inputs)
            {
                writer.WriteStringValue(input.Stream.ComponentName);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("spouts");
        foreach (var spout in plan?.Spouts ?? [])
        {
            var config = spout.Comp.Config;
            var type = ConfigValues.StringValue(config, "spout.type") ?? "default";
            var source = ConfigValues.StringValue(config, "spout.source") ?? "NA";
            writer.WriteStartObject(spout.Comp.Name);
            writer.WritePropertyName("config");
            ConfigValues.Write(writer, config, keepNonPrimitive: false);
            writer.WriteString("spout_type", type);
            writer.WriteString("spout_source", source);
            if (style == HeronApiStyle.Envelope)
            {
                // Tornado's info.logical_plan named them type/source.
                writer.WriteString("type", type);
                writer.WriteString("source", source);
            }

            writer.WriteString("version", ConfigValues.StringValue(config, "spout.version") ?? "NA");
            WriteOutputs(writer, spout.Outputs);
            writer.WriteStartArray("extra_links");
            foreach (var (name, formatter) in SpoutLinks(config))
            {
                WriteLink(writer, name, formatter, topology);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteNumber("stages", plan is null ? 0 : Stages(plan));
        writer.WriteEndObject();
    }

    public static void WritePhysicalPlan(Utf8JsonWriter writer, TopologySnapshot topology, HeronApiStyle style)
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

    public static void WriteConfig(Utf8JsonWriter writer, TopologySnapshot topology)
        => ConfigValues.Write(writer, topology.PhysicalPlan?.Topology?.TopologyConfig, keepNonPrimitive: true);

    public static void WritePackingPlan(Utf8JsonWriter writer, TopologySnapshot topology)
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

    public static void WriteSchedulerLocation(Utf8JsonWriter writer, TopologySnapshot topology)
    {
        var location = topology.SchedulerLocation;
        writer.WriteStartObject();
        if (location is null)
        {
            writer.WriteNull("name");
            writer.WriteNull("http_endpoint");
            writer.WriteNull("job_page_link");
        }
        else
        {
            writer.WriteString("name", location.TopologyName);
            writer.WriteString("http_endpoint", location.HttpEndpoint);
            writer.WriteString("job_page_link", location.JobPageLink.Count > 0 ? location.JobPageLink[0] : "");
        }

        writer.WriteEndObject();
    }

    public static void WriteTManagerLocation(Utf8JsonWriter writer, TopologySnapshot topology)
    {
        var location = topology.TManagerLocation;
        writer.WriteStartObject();
        if (location is null)
        {
            foreach (var key in (ReadOnlySpan<string>)["name", "id", "host", "controller_port", "server_port", "stats_port"])
            {
                writer.WriteNull(key);
            }
        }
        else
        {
            writer.WriteString("name", location.TopologyName);
            writer.WriteString("id", location.TopologyId);
            writer.WriteString("host", location.Host);
            writer.WriteNumber("controller_port", location.ControllerPort);
            writer.WriteNumber("server_port", location.ServerPort);
            if (location.HasStatsPort)
            {
                writer.WriteNumber("stats_port", location.StatsPort);
            }
            else
            {
                writer.WriteNull("stats_port");
            }
        }

        writer.WriteEndObject();
    }

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

    /// <summary><c>container_1_word_1</c> → <c>container_1</c>: the id without its last two parts.</summary>
    public static string InstanceGroup(string instanceId)
    {
        var last = instanceId.LastIndexOf('_');
        var secondLast = last > 0 ? instanceId.LastIndexOf('_', last - 1) : -1;
        return secondLast > 0 ? instanceId[..secondLast] : instanceId;
    }

    /// <summary>The longest chain of bolt inputs, in edges; 0 without bolts.</summary>
    public static int Stages(Topology topology)
    {
        var inputs = topology.Bolts.ToDictionary(b => b.Comp.Name, b => b.Inputs.Select(i => i.Stream.ComponentName).ToArray(), StringComparer.Ordinal);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);

        int Depth(string component)
        {
            if (depth.TryGetValue(component, out var known))
            {
                return known;
            }

            if (!inputs.TryGetValue(component, out var sources) || !visiting.Add(component))
            {
                // A spout, an unknown source, or a cycle (which Heron rejects at submission) ends the chain.
                return 0;
            }

            var result = sources.Length == 0 ? 0 : sources.Max(s => Depth(s) + 1);
            visiting.Remove(component);
            depth[component] = result;
            return result;
        }

        return inputs.Keys.Select(Depth).DefaultIfEmpty(0).Max();
    }

    private static string GroupingName(Grouping grouping) => grouping switch
    {
        Grouping.Shuffle => "SHUFFLE",
        Grouping.Fields => "FIELDS",
        Grouping.All => "ALL",
        Grouping.Lowest => "LOWEST",
        Grouping.None => "NONE",
        Grouping.Direct => "DIRECT",
        Grouping.Custom => "CUSTOM",
        _ => ((int)grouping).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static void WriteOutputs(Utf8JsonWriter writer, IEnumerable<OutputStream> outputs)
    {
        writer.WriteStartArray("outputs");
        foreach (var output in outputs)
        {
            writer.WriteStartObject();
            writer.WriteString("stream_name", output.Stream.Id);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
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

    private static void WriteLink(Utf8JsonWriter writer, string name, string formatter, TopologySnapshot topology)
    {
        var state = topology.ExecutionState ?? new ExecutionState();
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteString("formatter", formatter);
        writer.WriteString("url", ExtraLinkTemplate.Render(formatter, state.Cluster, state.Environ, topology.Name, state.Role, state.SubmissionUser));
        writer.WriteEndObject();
    }

    /// <summary>A spout's own links: its <c>extra.links</c> config value, a JSON list of <c>{name, formatter}</c>.</summary>
    private static IEnumerable<(string Name, string Formatter)> SpoutLinks(Config? config)
    {
        var text = ConfigValues.StringValue(config, "extra.links");
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var links = new List<(string, string)>();
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    && item.TryGetProperty("formatter", out var formatter) && formatter.ValueKind == JsonValueKind.String)
                {
                    links.Add((name.GetString()!, formatter.GetString()!));
                }
            }
        }
        catch (JsonException)
        {
            // A malformed value written by a topology must not break its logical plan.
        }

        return links;
    }
}
