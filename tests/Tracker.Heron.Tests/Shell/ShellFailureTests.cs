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

    [Fact]
    public async Task Slow_tools_time_out_with_the_short_timeout_but_jmap_gets_its_own()
    {
        await using var host = await HeronSandboxHost.StartAsync(null, "--Heron:Shell:Timeout", "00:00:00.500", "--Heron:Shell:JmapTimeout", "00:00:30");
        var instance = host.Topology.InstancesIn(1).First();
        host.Shells[1].JvmToolDelay = TimeSpan.FromSeconds(2);

        Assert.Contains("did not answer", await host.GetUnwrappedFailureAsync($"/v2/topologies/jstack?{host.Coordinates}&instance={instance.Id}", 504));
        await host.GetEnvelopeFailureAsync($"/topologies/histo?{host.Coordinates}&instance={instance.Id}", 504);
        var jmap = await host.GetUnwrappedAsync($"/v2/topologies/jmap?{host.Coordinates}&instance={instance.Id}");
        Assert.StartsWith("jmap -dump", jmap.GetProperty("command").GetString());
    }

    [Fact]
    public async Task A_large_download_streams_through_intact()
    {
        await using var host = await HeronSandboxHost.StartAsync();
        var content = new byte[12 * 1024 * 1024];
        new Random(7).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(host.Shells[2].Directory, "log-files", "big.bin"), content);

        using var response = await host.Http.GetAsync(
            $"/v2/topologies/container/filedownload?{host.Coordinates}&container=2&path=log-files/big.bin", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal(content.Length, response.Content.Headers.ContentLength);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }
}
