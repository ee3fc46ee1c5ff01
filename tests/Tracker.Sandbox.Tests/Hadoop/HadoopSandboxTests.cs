using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Tracker.Hadoop.Oozie;
using Tracker.Sandbox.Hadoop;

namespace Tracker.Sandbox.Tests.Hadoop;

/// <summary>Starting and restarting the sandbox: what it keeps and what it forgets.</summary>
public sealed class HadoopSandboxTests
{
    [Fact]
    public async Task A_restart_keeps_hdfs_files_and_forgets_jobs()
    {
        var fixture = new SandboxFixture();
        await fixture.InitializeAsync();
        string oldJob;
        try
        {
            await fixture.UploadAsync(SandboxFixture.Alice, "/user/alice/kept.txt", "still here");
            oldJob = fixture.Demo("alice", "failed").Id;
        }
        finally
        {
            await fixture.Sandbox.DisposeAsync();
        }

        await using var restarted = await HadoopSandbox.StartAsync(
            new HadoopSandboxOptions { Port = 0, DataDirectory = fixture.DataDirectory }, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);
        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(restarted.GatewayUrl, $"oozie/v2/job/{oldJob}?show=info"))
        {
            Headers = { Authorization = SandboxFixture.Alice.ToAuthorizationHeader() },
        };
        using var old = await http.SendAsync(request);
        var file = File.ReadAllText(Path.Combine(fixture.DataDirectory, "hdfs", "user", "alice", "kept.txt"));

        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        Assert.Equal("E0604", old.Headers.GetValues("oozie-error-code").Single());
        Assert.Equal("still here", file);
        Assert.Equal(12, restarted.DemoJobs.Count); // per user: four workflows, a coordinator and a bundle
        Assert.DoesNotContain(restarted.DemoJobs, j => j.Id == oldJob);
        Directory.Delete(fixture.DataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_taken_port_fails_the_start()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var directory = Path.Combine(Path.GetTempPath(), "tracker-tests", Guid.NewGuid().ToString("N"));

        await Assert.ThrowsAnyAsync<IOException>(() => HadoopSandbox.StartAsync(
            new HadoopSandboxOptions { Port = port, DataDirectory = directory }, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None));
        Directory.Delete(directory, recursive: true);
    }
}
