using System.Text.Json;
using Tracker.Heron.Tests.Metrics;
using Tracker.Sandbox.Heron;

namespace Tracker.Heron.Tests.Shell;

/// <summary>pid, jstack, jmap and histo through the instance's heron-shell, in both styles, as JSON objects.</summary>
public sealed class InstanceToolsApiTests(SharedHeronSandbox sandbox) : IClassFixture<SharedHeronSandbox>
{
    private HeronSandboxHost Host => sandbox.Host;

    public static TheoryData<string, string> Routes()
    {
        var data = new TheoryData<string, string>();
        foreach (var prefix in new[] { "", "/v1", "/v2" })
        {
            foreach (var tool in new[] { "pid", "jstack", "jmap", "histo" })
            {
                data.Add(prefix, tool);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Tool_output_is_the_shell_answer_for_the_instance_pid(string prefix, string tool)
    {
        // An instance outside container 1, so the instance's own stream manager must be the one asked.
        var instance = Host.Topology.InstancesIn(2).Last();
        var shell = Host.Shells[2];
        var before = shell.RequestCount;
        var url = $"{prefix}/topologies/{tool}?{Host.Coordinates}&instance={instance.Id}";
        var result = prefix == "/v2" ? await Host.GetUnwrappedAsync(url) : await Host.GetEnvelopeResultAsync(url);

        Assert.Equal(JsonValueKind.Object, result.ValueKind);
        Assert.Equal(["command", "stdout", "stderr"], result.EnumerateObject().Select(p => p.Name));
        var pidFile = File.ReadAllText(Path.Combine(shell.Directory, $"{instance.Id}.pid"));
        var pid = int.Parse(pidFile.Trim());
        var (command, stdout) = tool switch
        {
            "pid" => ($"cat {instance.Id}.pid", pidFile),
            "jstack" => ($"jstack {pid}", shell.JstackOutput(pid)),
            "jmap" => ($"jmap -dump:format=b,file=/tmp/heap.bin {pid}", shell.JmapOutput(pid)),
            _ => ($"jmap -histo {pid}", shell.HistoOutput(pid)),
        };
        Assert.Equal(command, result.GetProperty("command").GetString());
        Assert.Equal(stdout, result.GetProperty("stdout").GetString());
        Assert.Equal("", result.GetProperty("stderr").GetString());
        Assert.Equal(before + (tool == "pid" ? 1 : 2), shell.RequestCount);
    }

    [Fact]
    public async Task Unknown_or_missing_instance_is_400_without_asking_any_shell()
    {
        var before = Host.Shells.Values.Sum(s => s.RequestCount);
        Assert.Contains("instance", await Host.GetUnwrappedFailureAsync($"/v2/topologies/jstack?{Host.Coordinates}&instance=container_1_nope_99", 400));
        Assert.Contains("instance", await Host.GetEnvelopeFailureAsync($"/topologies/pid?{Host.Coordinates}", 400));
        Assert.Equal(before, Host.Shells.Values.Sum(s => s.RequestCount));
    }
}
