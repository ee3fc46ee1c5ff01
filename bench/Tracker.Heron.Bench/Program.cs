using Tracker.Sandbox.Heron;
using Tracker.Sandbox.Heron.State;

// Helpers for run.sh (the benchmark itself is wrk against a running Tracker):
//   generate ROOT COUNT INSTANCES CONTAINERS   write COUNT topologies into a file state root
//   bare PORT FILE...                          serve each FILE's bytes at /1, /2, ... from a bare Kestrel endpoint
return args switch
{
    ["generate", var root, var count, var instances, var containers] => await Generate(root, int.Parse(count), int.Parse(instances), int.Parse(containers)),
    ["bare", var port, .. var files] => await Bare(int.Parse(port), files),
    _ => Usage(),
};

static async Task<int> Generate(string root, int count, int instances, int containers)
{
    var writer = new HeronStateWriter(new FileHeronStateStore(root));
    for (var i = 0; i < count; i++)
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
    Console.Error.WriteLine("usage: generate ROOT COUNT INSTANCES CONTAINERS | bare PORT FILE...");
    return 2;
}
