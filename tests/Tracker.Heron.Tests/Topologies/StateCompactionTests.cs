using Google.Protobuf;
using Tracker.Heron.Proto;
using Tracker.Heron.Topologies;
using Tracker.Sandbox.Heron;

namespace Tracker.Heron.Tests.Topologies;

public sealed class StateCompactionTests
{
    private static readonly DemoState State = DemoState.Build(DemoTopologies.Exclamation, DemoEndpoints.None, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_parsed_physical_plan_equals_the_written_one_and_shares_its_repeated_strings()
    {
        var bytes = State.PhysicalPlan.ToByteArray();

        var plan = ((EncodedPhysicalPlan)TopologyStates.Parse(StateKind.PhysicalPlan, bytes)).Decode();

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

        var plan = ((EncodedPackingPlan)TopologyStates.Parse(StateKind.PackingPlan, bytes)).Decode();

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
