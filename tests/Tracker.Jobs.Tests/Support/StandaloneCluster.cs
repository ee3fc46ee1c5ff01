using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;
using Tracker.Jobs.LogCopy;
using Tracker.Sandbox;
using Tracker.Sandbox.Hadoop;

namespace Tracker.Jobs.Tests.Support;

/// <summary>
/// A Hadoop sandbox that runs on independently of the Trackers a test starts and stops, as a real cluster
/// would, with its own clients to check what those Trackers did. Its data directory also holds the Trackers'.
/// </summary>
internal sealed class StandaloneCluster : IAsyncDisposable
{
    private readonly ServiceProvider _clients;

    private StandaloneCluster(string dataDirectory, HadoopSandbox sandbox)
    {
        DataDirectory = dataDirectory;
        Sandbox = sandbox;
        _clients = new ServiceCollection().AddLogging().AddKnoxGateway(o => o.Url = sandbox.GatewayUrl).BuildServiceProvider();
        Jobs = new SandboxJobs(_clients.GetRequiredService<IOozieClient>(), _clients.GetRequiredService<IWebHdfsClient>());
    }

    public string DataDirectory { get; }

    public HadoopSandbox Sandbox { get; }

    public SandboxJobs Jobs { get; }

    /// <summary>What a Tracker needs to work with this cluster: its gateway, and the ResourceManager and name node copy workflows must name.</summary>
    public string[] TrackerArguments =>
    [
        "--Jobs:Gateway:Url", Sandbox.GatewayUrl.AbsoluteUri,
        "--Jobs:LogCopy:ResourceManager", SandboxDefaults.ResourceManagerAddress,
        "--Jobs:LogCopy:NameNode", SandboxDefaults.NameNode,
    ];

    /// <summary>Copy options naming this cluster, for tests that launch a copy workflow themselves.</summary>
    public static LogCopyOptions CopyOptions => new() { ResourceManager = SandboxDefaults.ResourceManagerAddress, NameNode = SandboxDefaults.NameNode };

    public static async Task<StandaloneCluster> StartAsync()
    {
        var dataDirectory = TrackerProcess.NewDataDirectory();
        var sandbox = await HadoopSandbox.StartAsync(
            new HadoopSandboxOptions { Port = 0, DataDirectory = Path.Combine(dataDirectory, "cluster") },
            NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);
        return new StandaloneCluster(dataDirectory, sandbox);
    }

    public string DemoJob(string user, string kind) => Sandbox.DemoJobs.Single(j => j.User == user && j.Kind == kind).Id;

    public static async Task<JsonElement> CopyStatusAsync(JobsClient client, string jobId)
        => (await client.GetJsonAsync($"/api/job/{jobId}/logs/status")).Body;

    public async ValueTask DisposeAsync()
    {
        await _clients.DisposeAsync();
        await Sandbox.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
