using System.Net;
using System.Text.Json;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.EndToEnd;

/// <summary>
/// Two Tracker replicas, each with its own data directory, sharing one PostgreSQL store and one Data Protection
/// key ring, against one Hadoop sandbox that runs on independently of either: the work is done once, and either
/// replica serves it.
/// </summary>
public sealed class ReplicaTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private StandaloneCluster _hadoop = null!;
    private PostgresSchema _schema = null!;

    public async Task InitializeAsync()
    {
        _schema = await PostgresSchema.CreateAsync();
        _hadoop = await StandaloneCluster.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _schema.DisposeAsync();
        await _hadoop.DisposeAsync();
    }

    // A short lease so a replica that stops holding work gives it up within the test's patience.
    private Task<TrackerProcess> StartReplicaAsync(string name)
        => TrackerProcess.StartAsync(Path.Combine(_hadoop.DataDirectory, name), ownsDirectory: false,
        [
            .. _hadoop.TrackerArguments,
            "--Jobs:Tracking:PollInterval", "00:00:00.200",
            "--Jobs:Tracking:LeaseDuration", "00:00:03",
            "--Jobs:Store:Provider", "postgres",
            "--Jobs:Store:ConnectionString", _schema.ConnectionString,
            "--Jobs:Vault:KeyRingDirectory", Path.Combine(_hadoop.DataDirectory, "shared-keys"),
        ]);

    private string AlicesFailedJob => _hadoop.DemoJob("alice", "failed");

    [Fact]
    public async Task TwoReplicas_CopyEachApplicationOnce_AndServeTheSameStatus()
    {
        var jobId = AlicesFailedJob;
        await using var a = await StartReplicaAsync("a");
        await using var b = await StartReplicaAsync("b");
        using var aliceOnA = new JobsClient(a.Url, "alice", "alice-secret");
        using var aliceOnB = new JobsClient(b.Url, "alice", "alice-secret");

        using (var tracked = await aliceOnA.PostTextAsync("/api/task/track/", jobId))
        {
            Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        }

        var status = await Eventually.MatchesAsync(
            () => StandaloneCluster.CopyStatusAsync(aliceOnA, jobId), s => s.TryGetProperty("finished", out var f) && f.GetBoolean(), Deadline, "the copies to finish");
        Assert.True(status.GetProperty("succeeded").GetBoolean());
        var applications = status.GetProperty("jobs").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(2, applications.Count);
        foreach (var applicationId in applications)
        {
            Assert.Equal(1, await _hadoop.Jobs.CopyWorkflowCountAsync(SandboxJobs.Alice, applicationId));
        }

        Assert.Equal(status.GetRawText(), (await StandaloneCluster.CopyStatusAsync(aliceOnB, jobId)).GetRawText());
        var (_, trackingOnB) = await aliceOnB.GetJsonAsync("/api/jobs/tracking");
        Assert.Equal(jobId, Assert.Single(trackingOnB.EnumerateArray()).GetProperty("id").GetString());
        // Readiness asks the shared store.
        var (_, ready) = await aliceOnB.GetJsonAsync("/health/ready");
        var storeCheck = ready.GetProperty("checks").GetProperty("jobs-store");
        Assert.Equal("healthy", storeCheck.GetProperty("status").GetString());
        Assert.Equal("PostgreSQL job store", storeCheck.GetProperty("description").GetString());
    }

    [Fact]
    public async Task ReplicaStoppedMidCopy_TheOtherFinishes_WithTheCredentialsItStored()
    {
        var jobId = AlicesFailedJob;
        await using var b = await StartReplicaAsync("b");
        IReadOnlyList<string> applications;
        await using (var a = await StartReplicaAsync("a"))
        {
            using var aliceOnA = new JobsClient(a.Url, "alice", "alice-secret");
            (await aliceOnA.PostTextAsync("/api/task/track/", jobId)).Dispose();
            var running = await Eventually.MatchesAsync(
                () => StandaloneCluster.CopyStatusAsync(aliceOnA, jobId),
                s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("jobs", out var jobs)
                    && jobs.EnumerateObject().Any(j => j.Value.TryGetProperty("job", out _)),
                Deadline, "a copy workflow to be submitted");
            Assert.False(running.GetProperty("finished").GetBoolean());
            applications = running.GetProperty("jobs").EnumerateObject().Select(p => p.Name).ToList();
        }

        // Alice does not call replica B until the work is done: B works with the credentials A stored, which it
        // can only decrypt through the shared key ring.
        var storeOfB = b.Service<IJobStore>();
        var copies = await Eventually.MatchesAsync(
            () => storeOfB.GetCopiesAsync("alice", jobId, CancellationToken.None),
            c => c.Count == applications.Count && c.All(x => x.State is CopyState.Succeeded or CopyState.Failed),
            Deadline, "replica B to finish the copies");
        Assert.All(copies, c => Assert.Equal(CopyState.Succeeded, c.State));

        using var aliceOnB = new JobsClient(b.Url, "alice", "alice-secret");
        var status = await StandaloneCluster.CopyStatusAsync(aliceOnB, jobId);
        Assert.True(status.GetProperty("finished").GetBoolean());
        Assert.True(status.GetProperty("succeeded").GetBoolean());
        foreach (var applicationId in applications)
        {
            Assert.Equal(1, await _hadoop.Jobs.CopyWorkflowCountAsync(SandboxJobs.Alice, applicationId));
            Assert.True(await _hadoop.Jobs.WebHdfs.GetFileStatusAsync(SandboxJobs.Alice, $"/user/alice/WORK/logs/{jobId}/application_{applicationId}.log") is { Length: > 0 });
        }
    }
}
