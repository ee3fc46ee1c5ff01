using Tracker.Heron.Tests.Metrics;

namespace Tracker.Heron.Tests.Shell;

/// <summary>A heron-shell that refuses connections or hangs is 502/504, never a 500.</summary>
public sealed class ShellFailureTests
{
    [Fact]
    public async Task Shell_refusing_connections_is_502()
    {
        await using var host = await HeronSandboxHost.StartAsync();
        var instance = host.Topology.InstancesIn(1).First();
        await host.Shells[1].DisposeAsync();

        Assert.Contains("unreachable", await host.GetUnwrappedFailureAsync($"/v2/topologies/pid?{host.Coordinates}&instance={instance.Id}", 502));
        await host.GetEnvelopeFailureAsync($"/topologies/jstack?{host.Coordinates}&instance={instance.Id}", 502);
        await host.GetEnvelopeFailureAsync($"/topologies/containerfilestats?{host.Coordinates}&container=1&path=.", 502);
        await host.GetUnwrappedFailureAsync($"/v2/topologies/container/filedownload?{host.Coordinates}&container=1&path=log-files/x", 502);

        // The other containers' shells still answer.
        var other = host.Topology.InstancesIn(2).First();
        await host.GetUnwrappedAsync($"/v2/topologies/pid?{host.Coordinates}&instance={other.Id}");
    }
}
