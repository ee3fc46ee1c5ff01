using Microsoft.Extensions.DependencyInjection;
using Tracker.Heron.Metrics;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Tests.Metrics;

/// <summary>The timeline fetch API the query language builds on.</summary>
public sealed class TimelineSourceTests(SharedHeronSandbox sandbox) : IClassFixture<SharedHeronSandbox>
{
    private HeronSandboxHost Host => sandbox.Host;

    private TopologySnapshot Snapshot =>
        Host.App.Services.GetRequiredService<TopologyRegistry>().Find(Host.Topology.Cluster, Host.Topology.Environ, Host.Topology.Name)!;

    [Fact]
    public async Task Timelines_are_the_raw_buckets_sorted_with_nan_dropped_in_one_call()
    {
        var source = Host.App.Services.GetRequiredService<IMetricTimelineSource>();
        var end = Host.Now;
        var start = end - 1200;
        var before = Host.TManager.RequestCount;

        var timelines = await source.GetTimelinesAsync(Snapshot, "count", [], "__execute-latency/default", start, end, CancellationToken.None);

        Assert.Equal(before + 1, Host.TManager.RequestCount);
        Assert.Null(timelines.TManagerMessage);
        var instances = Host.Topology.Instances.Where(i => i.Component == "count").Select(i => i.Id).ToList();
        Assert.Equal(instances.Order(), timelines.Instances.Keys.Order());
        foreach (var instance in instances)
        {
            var expected = Host.TManager.Metrics.Minutely("count", instance, "__execute-latency/default", start, end)!
                .Where(b => b.Value != "-nan")
                .Select(b => new TimelinePoint(b.Start, double.Parse(b.Value, System.Globalization.CultureInfo.InvariantCulture)))
                .OrderBy(p => p.Timestamp);
            Assert.Equal(expected, timelines.Instances[instance]);
        }
    }

    [Fact]
    public async Task Chosen_instances_only_and_notok_carried_as_a_message()
    {
        var source = Host.App.Services.GetRequiredService<IMetricTimelineSource>();
        var instance = Host.Topology.Instances.First(i => i.Component == "word").Id;
        var one = await source.GetTimelinesAsync(Snapshot, "word", [instance], "__emit-count/default", Host.Now - 300, Host.Now, CancellationToken.None);
        Assert.Equal([instance], one.Instances.Keys);

        var unknown = await source.GetTimelinesAsync(Snapshot, "nope", [], "__emit-count/default", Host.Now - 300, Host.Now, CancellationToken.None);
        Assert.Empty(unknown.Instances);
        Assert.Equal("Unknown component: nope", unknown.TManagerMessage);
    }
}
