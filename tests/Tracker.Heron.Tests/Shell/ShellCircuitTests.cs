using Tracker.Heron.Tests.Metrics;

namespace Tracker.Heron.Tests.Shell;

/// <summary>A container whose heron-shell is gone: after repeated failures its circuit answers 503 at once; other containers' shells are not affected.</summary>
public sealed class ShellCircuitTests
{
    [Fact]
    public async Task A_dead_shell_answers_503_once_its_circuit_opened_and_other_shells_still_answer()
    {
        await using var host = await HeronSandboxHost.StartAsync(null, "--Heron:Shell:CircuitBreaker:MinimumThroughput", "2");
        var instance = host.Topology.InstancesIn(1).First();
        await host.Shells[1].DisposeAsync();

        await host.GetUnwrappedFailureAsync($"/v2/topologies/pid?{host.Coordinates}&instance={instance.Id}", 502);
        await host.GetEnvelopeFailureAsync($"/topologies/containerfilestats?{host.Coordinates}&container=1&path=.", 502);

        Assert.Contains("circuit open", await host.GetUnwrappedFailureAsync($"/v2/topologies/pid?{host.Coordinates}&instance={instance.Id}", 503));
        Assert.Contains("circuit open", await host.GetEnvelopeFailureAsync($"/topologies/jstack?{host.Coordinates}&instance={instance.Id}", 503));
        await host.GetUnwrappedFailureAsync($"/v2/topologies/container/filedownload?{host.Coordinates}&container=1&path=log-files/x", 503);

        var other = host.Topology.InstancesIn(2).First();
        await host.GetUnwrappedAsync($"/v2/topologies/pid?{host.Coordinates}&instance={other.Id}");
    }
}
