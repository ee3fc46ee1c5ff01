using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;
using Tracker.Jobs.Tests.Support;
using Tracker.Sandbox;
using Tracker.Sandbox.Hadoop;

namespace Tracker.Jobs.Tests.EndToEnd;

/// <summary>
/// Chaos at the gateway: while the tracker follows several FAILED jobs, Knox answers 30 % of all requests with a 5xx
/// and every request slowly. Every failed job's logs must still be saved, and none copied twice.
/// </summary>
public sealed class ChaosTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Knox_failing_30_percent_and_slow_every_failed_jobs_logs_are_saved_once()
    {
        var directory = TrackerProcess.NewDataDirectory();
        var faults = new Sandbox.Hadoop.Knox.KnoxFaults { Seed = 12 };
        await using var sandbox = await HadoopSandbox.StartAsync(
            new HadoopSandboxOptions { Port = 0, DataDirectory = Path.Combine(directory, "sandbox"), CreateDemoJobs = false, KnoxFaults = faults },
            NullLoggerFactory.Instance,
            TimeProvider.System,
            CancellationToken.None);

        // The test's own clients, with breakers of their own: the tracker's opening must not make the checks fail.
        await using var own = OwnClients(sandbox.GatewayUrl);
        var jobs = new SandboxJobs(own.GetRequiredService<IOozieClient>(), own.GetRequiredService<IWebHdfsClient>());
        var submitted = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            submitted.Add(await jobs.SubmitScriptedAsync(SandboxJobs.Alice, "FAILED", applications: 1 + (i % 2), oozieVersion: 5));
        }

        foreach (var jobId in submitted)
        {
            await jobs.WaitForStatusAsync(SandboxJobs.Alice, jobId, "FAILED", Deadline);
        }

        // Chaos from here on: the tracker never sees a healthy gateway until the logs are saved.
        faults.Delay = TimeSpan.FromMilliseconds(150);
        faults.FailureRatio = 0.3;
        await using var tracker = await TrackerProcess.StartAsync(directory, ownsDirectory: true,
        [
            "--Jobs:Gateway:Url", sandbox.GatewayUrl.AbsoluteUri.TrimEnd('/'),
            "--Jobs:Gateway:RetryDelay", "00:00:00.050",
            "--Jobs:Gateway:CircuitBreaker:BreakDuration", "00:00:01",
            "--Jobs:Tracking:PollInterval", "00:00:00.200",
            // A submission hit by a 5xx is never retried by the client (it may not be sent twice): the copy attempt
            // ends and a new one follows after the back-off, which the test shortens from its minute.
            "--Jobs:Tracking:MaxBackoff", "00:00:02",
            "--Jobs:LogCopy:RetryBackoff", "00:00:00.500",
            "--Jobs:LogCopy:MaxAttempts", "10",
            "--Jobs:LogCopy:ResourceManager", SandboxDefaults.ResourceManagerAddress,
            "--Jobs:LogCopy:NameNode", SandboxDefaults.NameNode,
        ]);
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");

        // The tracker checks alice's credentials at Knox, so even tracking may fail now and then: a 5xx, never a 500.
        foreach (var jobId in submitted)
        {
            await Eventually.MatchesAsync(
                async () =>
                {
                    using var tracked = await alice.PostJsonAsync("/api/task/track", $"{{\"id\": \"{jobId}\"}}");
                    Assert.True(tracked.StatusCode == HttpStatusCode.OK || (int)tracked.StatusCode >= 502, $"tracking {jobId} answered {(int)tracked.StatusCode}");
                    return tracked.StatusCode;
                },
                status => status == HttpStatusCode.OK,
                Deadline,
                $"{jobId} to be tracked");
        }

        var copied = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var jobId in submitted)
        {
            var status = await alice.CopiesFinishedAsync(jobId, Deadline);
            Assert.True(status.GetProperty("succeeded").GetBoolean(), $"the copies of {jobId}: {status}");
            copied[jobId] = status.GetProperty("jobs").EnumerateObject().Select(p => p.Name).ToList();
        }

        Assert.True(faults.Failed > 0, "the chaos never struck");
        faults.FailureRatio = 0;
        faults.Delay = TimeSpan.Zero;

        // Every application's log is at its contract path, and Oozie ran exactly one copy workflow for it.
        for (var i = 0; i < submitted.Count; i++)
        {
            var jobId = submitted[i];
            Assert.Equal(1 + (i % 2), copied[jobId].Count);
            foreach (var applicationId in copied[jobId])
            {
                var text = await jobs.ReadFileAsync(SandboxJobs.Alice, $"/user/alice/WORK/logs/{jobId}/application_{applicationId}.log");
                Assert.Contains(applicationId, text);
                Assert.Equal(1, await jobs.CopyWorkflowCountAsync(SandboxJobs.Alice, applicationId));
            }
        }
    }

    private static ServiceProvider OwnClients(Uri gateway)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKnoxGateway(o => o.Url = gateway);
        return services.BuildServiceProvider();
    }
}
