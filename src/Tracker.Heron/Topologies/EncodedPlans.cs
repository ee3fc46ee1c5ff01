using System.Collections.Frozen;
using Google.Protobuf;
using Tracker.Heron.Proto;

namespace Tracker.Heron.Topologies;

/// <summary>
/// A physical plan as its state manager holds it: the serialized message, plus the few facts that
/// listings and parameter checks need, read once when the plan arrives. Parsed, a plan takes about
/// five times its encoded size (200 topologies of 100 instances: 5.4 MiB parsed, 1.2 MiB encoded),
/// and only the topologies clients are looking at need it parsed
/// (<see cref="TopologySnapshot.PhysicalPlan"/> keeps those within a budget).
/// </summary>
public sealed class EncodedPhysicalPlan : EncodedPlan
{
    private readonly FrozenSet<string>? _components;

    private EncodedPhysicalPlan(byte[] bytes, PhysicalPlan plan)
        : base(bytes)
    {
        TopologyId = plan.Topology?.Id;
        State = plan.Topology?.State;
        InstanceCount = plan.Instances.Count;
        Hosts = plan.Stmgrs.Select(s => s.HostName).Distinct(StringComparer.Ordinal).ToArray();
        _components = plan.Topology is { } topology
            ? topology.Spouts.Select(s => s.Comp?.Name).Concat(topology.Bolts.Select(b => b.Comp?.Name)).OfType<string>().ToFrozenSet(StringComparer.Ordinal)
            : null;
    }

    /// <summary>The plan's topology id; null without a topology.</summary>
    public string? TopologyId { get; }

    /// <summary>RUNNING, PAUSED or KILLED as the plan says; null without a topology.</summary>
    public TopologyState? State { get; }

    public int InstanceCount { get; }

    /// <summary>The hosts of the stream managers, each once, in plan order (<c>/machines</c>).</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>
    /// Parses <paramref name="bytes"/> once to check them and read the facts above. The array is
    /// kept, not copied: the caller hands it over and never changes it.
    /// </summary>
    /// <exception cref="InvalidProtocolBufferException">The bytes are not a physical plan.</exception>
    public static EncodedPhysicalPlan Parse(byte[] bytes) => new(bytes, PhysicalPlan.Parser.ParseFrom(bytes));

    public static EncodedPhysicalPlan From(PhysicalPlan plan) => new(plan.ToByteArray(), plan);

    /// <summary>Whether the plan's topology has a spout or bolt named <paramref name="component"/>; true when the plan has no topology to check against.</summary>
    public bool AllowsComponent(string component) => _components?.Contains(component) ?? true;

    /// <summary>A fresh parse, with repeated values shared (<see cref="StateCompaction"/>).</summary>
    public PhysicalPlan Decode() => StateCompaction.Compact(PhysicalPlan.Parser.ParseFrom(Bytes));
}

/// <summary>A packing plan as its state manager holds it; parsed only to render <c>/packingplan</c>, whose answer is kept rendered.</summary>
public sealed class EncodedPackingPlan : EncodedPlan
{
    private EncodedPackingPlan(byte[] bytes, PackingPlan plan)
        : base(bytes)
        => Id = plan.Id;

    public string Id { get; }

    /// <inheritdoc cref="EncodedPhysicalPlan.Parse"/>
    public static EncodedPackingPlan Parse(byte[] bytes) => new(bytes, PackingPlan.Parser.ParseFrom(bytes));

    public static EncodedPackingPlan From(PackingPlan plan) => new(plan.ToByteArray(), plan);

    /// <inheritdoc cref="EncodedPhysicalPlan.Decode"/>
    public PackingPlan Decode() => StateCompaction.Compact(PackingPlan.Parser.ParseFrom(Bytes));
}

/// <summary>A plan kept serialized; two are equal when their bytes are (the registry skips a rewrite that changes nothing).</summary>
public abstract class EncodedPlan : IEquatable<EncodedPlan>
{
    private protected EncodedPlan(byte[] bytes) => Bytes = bytes;

    /// <summary>The encoded size: what the plan costs held, and the measure of what it costs parsed.</summary>
    public int Length => Bytes.Length;

    private protected byte[] Bytes { get; }

    public bool Equals(EncodedPlan? other) => other is not null && other.GetType() == GetType() && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override bool Equals(object? obj) => Equals(obj as EncodedPlan);

    public override int GetHashCode() => Bytes.Length;
}
