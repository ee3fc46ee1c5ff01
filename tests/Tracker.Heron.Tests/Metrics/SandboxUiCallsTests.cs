using System.Net;
using System.Text.Json;
using Tracker.Hosting;
using Tracker.Sandbox.Heron;

namespace Tracker.Heron.Tests.Metrics;

/// <summary>With <c>--sandbox</c>, every TManager- and shell-backed call the Heron UI makes (contract §8.1) answers.</summary>
public sealed class SandboxUiCallsTests
{
    [Fact]
    public async Task The_UI_calls_answer_for_every_demo_topology()
    {
        var directory = Path.Combine(Path.GetTempPath(), "tracker-tests", Guid.NewGuid().ToString("N"));
        var app = await TrackerHost.StartAsync(
            ["--urls", "http://127.0.0.1:0", "--Tracker:DataDirectory", directory, "--Logging:LogLevel:Default", "Warning", "--sandbox", "--Sandbox:Port", "0"]);
        using var http = new HttpClient { BaseAddress = app.Url, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            foreach (var topology in DemoTopologies.All)
            {
                var coordinates = $"cluster={topology.Cluster}&environ={topology.Environ}&topology={topology.Name}";
                await WaitForRegistrationsAsync(http, coordinates, topology.Containers);
                var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                var calls = new List<string>();
                foreach (var component in topology.Components)
                {
                    var metric = component.IsSpout ? "__emit-count/default" : "__execute-count/default";
                    foreach (var interval in new[] { 600, 3600, 10800, -1 })
                    {
                        calls.Add($"/v2/topologies/metrics?{coordinates}&component={component.Name}&metricname={metric}&metricname=__jvm-uptime-secs&interval={interval}");
                    }

                    calls.Add($"/v2/topologies/exceptions?{coordinates}&component={component.Name}");
                    calls.Add($"/v2/topologies/exceptionsummary?{coordinates}&component={component.Name}");
                    calls.Add($"/v2/topologies/metrics/timeline?{coordinates}&component={component.Name}&metricname={metric}&starttime={now - 600}&endtime={now}");
                }

                var instance = topology.Instances[^1];
                foreach (var tool in new[] { "pid", "jstack", "histo" })
                {
                    calls.Add($"/v2/topologies/{tool}?{coordinates}&instance={instance.Id}");
                }

                calls.Add($"/v2/topologies/container/filestats?{coordinates}&container={instance.Container}&path=log-files");
                calls.Add($"/v2/topologies/container/filedata?{coordinates}&container={instance.Container}&path={ContainerDirectory.LogFileOf(instance.Id)}&offset=0&length=5000");
                calls.Add($"/v2/topologies/container/filedownload?{coordinates}&container={instance.Container}&path={ContainerDirectory.LogFileOf(instance.Id)}");
                calls.Add($"/topologies/metrics?{coordinates}&component={topology.Components[0].Name}&metricname=__emit-count/default&interval=600");
                calls.Add($"/topologies/containerfilestats?{coordinates}&container=1");

                foreach (var call in calls)
                {
                    using var response = await http.GetAsync(call);
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{call} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
        finally
        {
            await app.DisposeAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by the OS must not fail the test that just passed.
            }
        }
    }

    private static async Task WaitForRegistrationsAsync(HttpClient http, string coordinates, int containers)
    {
        await Eventually.MatchesAsync(
            async () =>
            {
                using var response = await http.GetAsync($"/v2/topologies/runtimestate?{coordinates}");
                if (!response.IsSuccessStatusCode)
                {
                    return 0;
                }

                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return body.RootElement.GetProperty("stmgrs").EnumerateObject().Count(s => s.Value.GetProperty("is_registered").GetBoolean());
            },
            registered => registered == containers,
            TimeSpan.FromSeconds(10),
            "the sandbox topology to reach the tracker with its TManager (registered stream managers)");
    }
}
