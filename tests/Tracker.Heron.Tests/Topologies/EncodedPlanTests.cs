using Google.Protobuf;
using Tracker.Heron.Proto;
using Tracker.Heron.Topologies;
using Tracker.Sandbox.Heron;

namespace Tracker.Heron.Tests.Topologies;

public sealed class EncodedPlanTests
{
    private static readonly DemoState State = DemoState.Build(DemoTopologies.Exclamation, DemoEndpoints.None, DateTimeOffset.UnixEpoch);

    [Fact]
    public void An_encoded_physical_plan_knows_what_listings_need_without_being_parsed_again()
    {
        var written = State.PhysicalPlan;

        var plan = EncodedPhysicalPlan.Parse(written.ToByteArray());

        Assert.Equal(written.Topology.Id, plan.TopologyId);
        Assert.Equal(written.Topology.State, plan.State);
        Assert.Equal(written.Instances.Count, plan.InstanceCount);
        Assert.Equal(written.Stmgrs.Select(s => s.HostName).Distinct(), plan.Hosts);
        Assert.Equal(written.CalculateSize(), plan.Length);
        Assert.All(["word", "exclaim1", "exclaim2"], c => Assert.True(plan.AllowsComponent(c)));
        Assert.False(plan.AllowsComponent("count"));
        Assert.Equal(written, plan.Decode());
    }

    [Fact]
    public void A_plan_without_a_topology_has_no_id_or_state_and_cannot_reject_a_component()
    {
        var plan = EncodedPhysicalPlan.From(new PhysicalPlan());

        Assert.Null(plan.TopologyId);
        Assert.Null(plan.State);
        Assert.Empty(plan.Hosts);
        Assert.True(plan.AllowsComponent("anything"));
    }

    [Fact]
    public void Encoded_plans_are_equal_when_their_bytes_are()
    {
        var bytes = State.PhysicalPlan.ToByteArray();
        var packing = State.PackingPlan.ToByteArray();

        Assert.Equal(EncodedPhysicalPlan.Parse(bytes), EncodedPhysicalPlan.Parse((byte[])bytes.Clone()));
        Assert.NotEqual(EncodedPhysicalPlan.Parse(bytes), EncodedPhysicalPlan.From(new PhysicalPlan()));
        Assert.False(EncodedPackingPlan.Parse(packing).Equals(EncodedPhysicalPlan.Parse(bytes)));
        Assert.Equal(State.PackingPlan.Id, EncodedPackingPlan.Parse(packing).Id);
    }

    [Fact]
    public void Bytes_that_are_not_a_plan_are_refused()
    {
        byte[] garbage = [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f];

        Assert.Throws<InvalidProtocolBufferException>(() => EncodedPhysicalPlan.Parse(garbage));
        Assert.Throws<InvalidProtocolBufferException>(() => EncodedPackingPlan.Parse(garbage));
    }

    [Fact]
    public void A_parsed_physical_plan_equals_the_written_one_and_shares_its_repeated_strings()
    {
        var bytes = State.PhysicalPlan.ToByteArray();

        var plan = EncodedPhysicalPlan.Parse(bytes).Decode();

        Assert.Equal(PhysicalPlan.Parser.ParseFrom(bytes), plan);
        Assert.Equal(bytes, plan.ToByteArray());
        foreach (var group in plan.Instances.GroupBy(i => i.Info.ComponentName))
        {
            Assert.All(group, i => Assert.Same(group.First().Info.ComponentName, i.Info.ComponentName));
        }

        foreach (var group in plan.Instances.GroupBy(i => i.StmgrId))
        {
            Assert.All(group, i => Assert.Same(group.First().StmgrId, i.StmgrId));
        }
    }

    [Fact]
    public void A_parsed_packing_plan_equals_the_written_one_and_shares_equal_resources()
    {
        var bytes = State.PackingPlan.ToByteArray();

        var plan = EncodedPackingPlan.Parse(bytes).Decode();

        Assert.Equal(PackingPlan.Parser.ParseFrom(bytes), plan);
        Assert.Equal(bytes, plan.ToByteArray());
        var instances = plan.ContainerPlans.SelectMany(c => c.InstancePlans).ToList();
        Assert.True(instances.Count > 1);
        foreach (var group in instances.GroupBy(i => i.Resource))
        {
            Assert.All(group, i => Assert.Same(group.First().Resource, i.Resource));
        }
    }
}
