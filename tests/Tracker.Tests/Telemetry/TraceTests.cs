using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Tracker.Tests.Hosting;
using Tracker.Tests.Support;

namespace Tracker.Tests.Telemetry;

/// <summary>Traces exported over OTLP (http/protobuf) to a collector stand-in: a request's span is the parent of its upstream call's.</summary>
public sealed class TraceTests
{
    private const int ServerKind = 2;
    private const int ClientKind = 3;

    [Fact]
    public async Task HeronMetricsRequest_TheTManagerCallIsAChildOfTheRequestSpan()
    {
        await using var collector = await ScriptedHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        var tracker = await RunningTracker.StartAsync(
            "--sandbox", "--Sandbox:Port", "0",
            "--OTEL_EXPORTER_OTLP_ENDPOINT", collector.Url.ToString().TrimEnd('/'),
            "--OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        try
        {
            using var response = await tracker.Http.GetAsync(
                "/v2/topologies/metrics?cluster=local&environ=default&topology=WordCount&component=word&metricname=__emit-count/default&interval=60");
            response.EnsureSuccessStatusCode();
        }
        finally
        {
            // Stopping flushes the batch exporter.
            await tracker.DisposeAsync();
        }

        var spans = collector.Received.Where(r => r.Path == "/v1/traces").SelectMany(r => Spans(r.Body)).ToList();
        var request = Assert.Single(spans, s => s.Kind == ServerKind && s.Name.Contains("/v2/topologies/metrics", StringComparison.Ordinal));
        var upstream = Assert.Single(spans, s => s.Kind == ClientKind && s.Parent == request.Id);
        Assert.Equal(request.Trace, upstream.Trace);
        Assert.StartsWith("POST", upstream.Name);
        // Scrapes and probes are left out of traces.
        Assert.DoesNotContain(spans, s => s.Name.Contains("/health", StringComparison.Ordinal));
    }

    private sealed record Span(string Trace, string Id, string Parent, string Name, int Kind);

    /// <summary>ExportTraceServiceRequest → resource_spans (1) → scope_spans (2) → spans (2), read field by field.</summary>
    private static IEnumerable<Span> Spans(byte[] request)
    {
        foreach (var resourceSpans in Fields(request, 1))
        {
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                foreach (var span in Fields(scopeSpans, 2))
                {
                    yield return ReadSpan(span);
                }
            }
        }
    }

    private static Span ReadSpan(byte[] span)
    {
        string trace = "", id = "", parent = "", name = "";
        var kind = 0;
        var input = new CodedInputStream(span);
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: trace = Convert.ToHexString(input.ReadBytes().ToByteArray()); break;
                case 2: id = Convert.ToHexString(input.ReadBytes().ToByteArray()); break;
                case 4: parent = Convert.ToHexString(input.ReadBytes().ToByteArray()); break;
                case 5: name = input.ReadString(); break;
                case 6: kind = input.ReadEnum(); break;
                default: input.SkipLastField(); break;
            }
        }

        return new Span(trace, id, parent, name, kind);
    }

    private static IEnumerable<byte[]> Fields(byte[] message, int number)
    {
        var input = new CodedInputStream(message);
        var found = new List<byte[]>();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }
}
