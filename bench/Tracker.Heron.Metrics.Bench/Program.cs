using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Tracker.Hosting;
using Tracker.Sandbox.Heron;
using Tracker.Sandbox.Heron.State;

// wrk against an in-process Tracker whose 100-instance topology is served by the TManager
// emulator (180 minutely buckets per instance and metric): /topologies/metrics and
// /topologies/metricstimeline. Usage: dotnet run -c Release --project bench/Tracker.Heron.Metrics.Bench [seconds] [connections] [only]
// where [only] keeps the targets whose name contains it (to profile one endpoint with dotnet-trace).
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
var only = args.Length > 2 ? args[2] : "";

var topology = new DemoTopology(
    "Bench100", DemoTopologies.Cluster, DemoTopologies.Environ, DemoTopologies.Role, Containers: 10,
    [
        new DemoComponent("word", IsSpout: true, Parallelism: 50, Inputs: []),
        new DemoComponent("count", IsSpout: false, Parallelism: 50, Inputs: ["word"]),
    ]);
var directory = Path.Combine(Path.GetTempPath(), "tracker-bench", Guid.NewGuid().ToString("N"));
await using var sandbox = await HeronSandbox.StartAsync(
    [topology],
    [new FileHeronStateStore(Path.Combine(directory, "state"))],
    HeronEmulators.Create(TimeProvider.System, NullLoggerFactory.Instance),
    Path.Combine(directory, "containers"),
    TimeProvider.System,
    CancellationToken.None);
await using var tracker = await TrackerHost.StartAsync(
[
    "--urls", "http://127.0.0.1:0",
    "--Tracker:DataDirectory", Path.Combine(directory, "data"),
    "--Logging:LogLevel:Default", "Warning",
    "--Heron:StateManagers:0:Type", "file",
    "--Heron:StateManagers:0:Name", "local",
    "--Heron:StateManagers:0:RootPath", Path.Combine(directory, "state"),
]);

var coordinates = $"cluster={topology.Cluster}&environ={topology.Environ}&topology={topology.Name}";
using var http = new HttpClient { BaseAddress = tracker.Url };
var deadline = DateTime.UtcNow.AddSeconds(10);
while (!(await http.GetAsync($"/v2/topologies/runtimestate?{coordinates}")).IsSuccessStatusCode)
{
    if (DateTime.UtcNow > deadline)
    {
        throw new InvalidOperationException("The bench topology did not appear within 10 s.");
    }

    await Task.Delay(100);
}

var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
var targets = new (string Name, string Path)[]
{
    ("/topologies/metrics (50 instances, 4 metrics, 10 min)",
        $"/topologies/metrics?{coordinates}&component=word&metricname=__emit-count/default&metricname=__ack-count/default&metricname=__fail-count/default&metricname=__jvm-uptime-secs&interval=600"),
    ("/topologies/metrics (50 instances, 1 metric, all time)",
        $"/topologies/metrics?{coordinates}&component=count&metricname=__execute-count/default&interval=-1"),
    ("/topologies/metricstimeline (50 instances x 180 min)",
        $"/topologies/metricstimeline?{coordinates}&component=word&metricname=__emit-count/default&starttime={now - 10800}&endtime={now}"),
    ("/v2/topologies/metrics/timeline (1 instance x 180 min)",
        $"/v2/topologies/metrics/timeline?{coordinates}&component=word&metricname=__emit-count/default&instance=container_1_word_1&starttime={now - 10800}&endtime={now}"),
};

Console.WriteLine($"pid {Environment.ProcessId}");
Console.WriteLine($"wrk -t{Math.Min(2, connections)} -c{connections} -d{seconds}s, Tracker and the emulators in this process ({Environment.ProcessorCount} cores, shared machine)");
foreach (var (name, path) in targets.Where(t => t.Name.Contains(only, StringComparison.Ordinal)))
{
    var check = await http.GetAsync(path);
    check.EnsureSuccessStatusCode();
    var size = (await check.Content.ReadAsByteArrayAsync()).Length;
    var output = await RunWrkAsync(new Uri(tracker.Url, path), seconds, connections);
    var rps = Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value;
    var p99 = Regex.Match(output, @"\s99%\s+([\d.]+\w+)").Groups[1].Value;
    var errors = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)").Groups[1].Value;
    Console.WriteLine($"{name}: {rps} req/s, p99 {p99}, body {size} B{(errors.Length > 0 ? $", {errors} non-2xx" : "")}");
}

try
{
    Directory.Delete(directory, recursive: true);
}
catch (IOException)
{
    // Leftovers in the temp directory are harmless.
}

static async Task<string> RunWrkAsync(Uri url, int seconds, int connections)
{
    var start = new ProcessStartInfo("wrk", [$"-t{Math.Min(2, connections)}", $"-c{connections}", $"-d{seconds}s", "--latency", url.ToString()])
    {
        RedirectStandardOutput = true,
        UseShellExecute = false,
    };
    using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    return output;
}
