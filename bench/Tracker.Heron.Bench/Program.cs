using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tracker.Sandbox.Heron;
using Tracker.Sandbox.Heron.State;

// Helpers for run.sh (the benchmark itself is wrk against a running Tracker):
//   generate ROOT COUNT INSTANCES CONTAINERS   write COUNT topologies into a file state root
//   bare PORT FILE...                          serve each FILE's bytes at /1, /2, ... from a bare Kestrel endpoint
//   memory TRACKER [COUNT INSTANCES CONTAINERS] resident memory the state adds to one Tracker process (memory.sh)
return args switch
{
    ["generate", var root, var count, var instances, var containers] => await Generate(root, 0, int.Parse(count), int.Parse(instances), int.Parse(containers)),
    ["bare", var port, .. var files] => await Bare(int.Parse(port), files),
    ["memory", var tracker] => await Memory(tracker, 200, 100, 10),
    ["memory", var tracker, var count, var instances, var containers] => await Memory(tracker, int.Parse(count), int.Parse(instances), int.Parse(containers)),
    _ => Usage(),
};

// One Tracker process, three moments: no topology; one topology with every state endpoint served
// 60 times in both styles (so code loaded and compiled for serving state is not counted as state);
// COUNT topologies, each with every state endpoint served once in both styles. RSS is read from
// /proc/{pid}/status at each moment once Tracker has been quiet long enough to give the GC's spare
// memory back (Tracker:IdleMemoryTrim, within two 5 s checks of going quiet) and has been stable
// for a second; at the last moment it is also read right after serving, before that.
static async Task<int> Memory(string tracker, int count, int instances, int containers)
{
    var work = Directory.CreateTempSubdirectory("tracker-heron-memory");
    var root = Path.Combine(work.FullName, "state");
    Directory.CreateDirectory(root);
    var port = FreePort();
    var start = new ProcessStartInfo(Path.GetFullPath(tracker))
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    foreach (var arg in (string[])[
        "--urls", $"http://127.0.0.1:{port}", "--Tracker:DataDirectory", Path.Combine(work.FullName, "data"),
        "--Logging:LogLevel:Default", "Warning", "--Heron:StateManagers:0:Type", "file",
        "--Heron:StateManagers:0:Name", "local", "--Heron:StateManagers:0:RootPath", root])
    {
        start.ArgumentList.Add(arg);
    }

    using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {tracker}");
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { Console.Error.WriteLine($"tracker: {line}"); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    try
    {
        await Until(async () => (await Get(http, "/health")) is not null, TimeSpan.FromSeconds(60));
        foreach (var path in (string[])["/clusters", "/topologies", "/topologies/states", "/machines", "/v2/clusters", "/v2/topologies", "/v2/topologies/states", "/v2/machines"])
        {
            await Get(http, path);
        }

        var empty = await QuietRssKiB(process.Id);

        await Generate(root, 0, 1, instances, containers);
        await Until(async () => (await Get(http, "/v2/topologies"))?.Contains("Bench0000", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10));
        // Often enough that the serving code is tiered up (30 calls, then the tier-1 rejit) before
        // the baseline is taken; 200 topologies would otherwise get the blame for compiled code.
        for (var round = 0; round < 60; round++)
        {
            await ServeAll(http, 1);
        }

        var one = await QuietRssKiB(process.Id);

        var written = Stopwatch.StartNew();
        await Generate(root, 1, count - 1, instances, containers);
        var writing = written.Elapsed;
        var last = $"Bench{count - 1:D4}";
        await Until(async () => (await Get(http, "/v2/topologies"))?.Contains(last, StringComparison.Ordinal) == true, TimeSpan.FromSeconds(60));
        var listed = written.Elapsed;
        var bodies = await ServeAll(http, count);
        await Task.Delay(1000);
        var busy = RssKiB(process.Id);
        var loaded = await QuietRssKiB(process.Id);

        var gc = Environment.GetEnvironmentVariable("DOTNET_gcServer") ?? "as configured";
        Console.WriteLine($"topologies={count} instances={instances} containers={containers} DOTNET_gcServer={gc} load average: {File.ReadAllText("/proc/loadavg")[..14]}");
        Console.WriteLine($"all {count} topologies listed {listed.TotalSeconds:0.000} s after the first was written (writing took {writing.TotalSeconds:0.000} s)");
        Console.WriteLine($"RSS: {empty} KiB with no topology, {one} KiB with 1, {loaded} KiB with {count} (every state endpoint served once per topology, both styles; {busy} KiB right after serving)");
        Console.WriteLine($"bodies served (one of each, /info excluded): {bodies / 1048576.0:0.0} MiB");
        Console.WriteLine($"state adds {(loaded - empty) / 1024.0:0.0} MiB over no topology, {(loaded - one) / 1024.0:0.0} MiB over one topology ({(busy - one) / 1024.0:0.0} MiB right after serving)");
        return 0;
    }
    finally
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        work.Delete(recursive: true);
    }
}

// Returns the bytes of the bodies served, /info excluded (it is composed of the others per request).
static async Task<long> ServeAll(HttpClient http, int count)
{
    var total = 0L;
    string[] endpoints = ["info", "logicalplan", "physicalplan", "packingplan", "executionstate", "schedulerlocation", "metadata", "config"];
    for (var i = 0; i < count; i++)
    {
        foreach (var prefix in (string[])["", "/v2"])
        {
            foreach (var endpoint in endpoints)
            {
                var body = await Get(http, $"{prefix}/topologies/{endpoint}?cluster=local&environ=default&topology=Bench{i:D4}")
                    ?? throw new InvalidOperationException($"{prefix}/topologies/{endpoint} of Bench{i:D4} failed");
                total += endpoint == "info" ? 0 : System.Text.Encoding.UTF8.GetByteCount(body);
            }
        }
    }

    foreach (var path in (string[])["/topologies", "/topologies/states", "/machines", "/v2/topologies", "/v2/topologies/states", "/v2/machines"])
    {
        await Get(http, path);
    }

    return total;
}

static async Task<string?> Get(HttpClient http, string path)
{
    try
    {
        using var response = await http.GetAsync(path);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
    }
    catch (HttpRequestException)
    {
        return null;
    }
}

static async Task Until(Func<Task<bool>> condition, TimeSpan limit)
{
    var deadline = Stopwatch.StartNew();
    while (!await condition())
    {
        if (deadline.Elapsed > limit)
        {
            throw new TimeoutException($"not reached within {limit}");
        }

        await Task.Delay(20);
    }
}

// RSS after 12 s without a request (two of Tracker's idle-trim checks and a margin), once settled.
static async Task<long> QuietRssKiB(int pid)
{
    await Task.Delay(TimeSpan.FromSeconds(12));
    return await SettledRssKiB(pid);
}

// RSS once two readings a second apart agree within 1 %, at most 10 s.
static async Task<long> SettledRssKiB(int pid)
{
    var previous = RssKiB(pid);
    for (var i = 0; i < 10; i++)
    {
        await Task.Delay(1000);
        var current = RssKiB(pid);
        if (Math.Abs(current - previous) <= previous / 100)
        {
            return current;
        }

        previous = current;
    }

    return previous;
}

static long RssKiB(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]);
}

static int FreePort()
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    return ((IPEndPoint)socket.LocalEndPoint!).Port;
}

static async Task<int> Generate(string root, int first, int count, int instances, int containers)
{
    var writer = new HeronStateWriter(new FileHeronStateStore(root));
    for (var i = first; i < first + count; i++)
    {
        var topology = new DemoTopology($"Bench{i:D4}", "local", "default", "bench", containers,
        [
            new DemoComponent("word", IsSpout: true, Parallelism: instances / 2, Inputs: []),
            new DemoComponent("count", IsSpout: false, Parallelism: instances - instances / 2, Inputs: ["word"]),
        ]);
        var shells = Enumerable.Range(1, containers).ToDictionary(c => c, c => 30000 + c);
        var directories = Enumerable.Range(1, containers).ToDictionary(c => c, c => $"/sandbox/{topology.Name}/{c}");
        var state = DemoState.Build(topology, new DemoEndpoints(29999, shells, directories), DateTimeOffset.UtcNow);
        await writer.WriteTopologyAsync(state, CancellationToken.None);
    }

    Console.WriteLine($"wrote {count} topologies of {instances} instances in {containers} containers to {root}");
    return 0;
}

static async Task<int> Bare(int port, string[] files)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
    var app = builder.Build();
    for (var i = 0; i < files.Length; i++)
    {
        var body = await File.ReadAllBytesAsync(files[i]);
        app.MapGet($"/{i + 1}", (HttpContext context) =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.Body.WriteAsync(body).AsTask();
        });
    }

    await app.RunAsync();
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: generate ROOT COUNT INSTANCES CONTAINERS | bare PORT FILE... | memory TRACKER [COUNT INSTANCES CONTAINERS]");
    return 2;
}
