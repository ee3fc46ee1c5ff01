using BenchmarkDotNet.Attributes;
using Tracker.ZooKeeper;

namespace Tracker.ZooKeeper.Bench;

/// <summary>
/// getData throughput on one connection: each operation issues <see cref="Concurrency"/> concurrent
/// getData requests, which the client pipelines on its single socket, and waits for all replies.
/// Throughput = Concurrency / mean time.
/// </summary>
[MemoryDiagnoser]
public class GetDataThroughput
{
    private ZooKeeperClient _client = null!;
    private string _root = null!;
    private string[] _paths = null!;

    [Params(1, 1000)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var servers = Environment.GetEnvironmentVariable("TRACKER_TEST_ZK") is { Length: > 0 } s ? s : "127.0.0.1:21810";
        _client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectionString = servers });
        _root = $"/tracker-zk-bench/{Guid.NewGuid():N}";
        await _client.EnsurePathAsync(_root);
        _paths = new string[16];
        for (var i = 0; i < _paths.Length; i++)
        {
            // About the size of a small Heron physical plan.
            _paths[i] = await _client.CreateAsync($"{_root}/n{i}", new byte[512]);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _client.DeleteRecursiveAsync(_root);
        await _client.DisposeAsync();
    }

    [Benchmark]
    public async Task<int> GetData()
    {
        var reads = new Task<ZNodeData>[Concurrency];
        for (var i = 0; i < reads.Length; i++)
        {
            reads[i] = _client.GetDataAsync(_paths[i % _paths.Length]);
        }

        var total = 0;
        foreach (var read in reads)
        {
            total += (await read).Data.Length;
        }

        return total;
    }
}
