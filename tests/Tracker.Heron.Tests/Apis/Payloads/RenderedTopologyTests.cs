using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tracker.Heron.Apis;
using Tracker.Heron.Apis.Payloads;
using Tracker.Heron.Proto;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Tests.Apis.Payloads;

/// <summary>A snapshot's rendered answers are kept by the payload writers, once per snapshot.</summary>
public sealed class RenderedTopologyTests
{
    private readonly TopologyRegistry _registry = new(NullLogger<TopologyRegistry>.Instance, Options.Create(new HeronOptions()));
    private readonly TopologyPayloads _payloads = new(Options.Create(new HeronOptions()));

    public RenderedTopologyTests()
    {
        _registry.AddStateManager("local");
        _registry.SetTopologyNames("local", ["A"]);
        _registry.SetExecutionState("local", "A", State("alice"));
    }

    [Fact]
    public void One_snapshot_has_one_set_of_answers_rendered_once()
    {
        var snapshot = _registry.Get("local", "A")!;

        var rendered = _payloads.RenderedOf(snapshot);

        Assert.Same(rendered, _payloads.RenderedOf(snapshot));
        Assert.Same(rendered.ExecutionState(HeronApiStyle.Unwrapped), _payloads.RenderedOf(snapshot).ExecutionState(HeronApiStyle.Unwrapped));
    }

    [Fact]
    public void A_new_snapshot_gets_new_answers()
    {
        var before = _registry.Get("local", "A")!;
        var old = _payloads.RenderedOf(before).Metadata;

        _registry.SetExecutionState("local", "A", State("bob"));
        var after = _registry.Get("local", "A")!;

        Assert.NotSame(_payloads.RenderedOf(before), _payloads.RenderedOf(after));
        Assert.Contains("\"role\":\"alice\"", System.Text.Encoding.UTF8.GetString(old), StringComparison.Ordinal);
        Assert.Contains("\"role\":\"bob\"", System.Text.Encoding.UTF8.GetString(_payloads.RenderedOf(after).Metadata), StringComparison.Ordinal);
    }

    private static ExecutionState State(string role)
        => new() { TopologyName = "A", TopologyId = "A-id", Cluster = "local", Environ = "default", Role = role };
}
