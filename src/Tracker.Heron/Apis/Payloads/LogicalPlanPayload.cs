using System.Text.Json;
using Tracker.Heron.Proto;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Apis.Payloads;

/// <summary><c>/logicalplan</c>: spouts and bolts with their config, streams and links, and the number of stages.</summary>
internal static class LogicalPlanPayload
{
    public static void Write(Utf8JsonWriter writer, TopologySnapshot topology, HeronApiStyle style)
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
                TopologyPayloads.WriteLink(writer, name, formatter, topology);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteNumber("stages", plan is null ? 0 : Stages(plan));
        writer.WriteEndObject();
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
