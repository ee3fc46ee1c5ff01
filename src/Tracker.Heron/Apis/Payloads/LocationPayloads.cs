using System.Text.Json;
using Tracker.Heron.Proto;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Apis.Payloads;

/// <summary>The scheduler and TManager locations: every key present, null while the location is absent.</summary>
internal static class LocationPayloads
{
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
}
