using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.Watches;

/// <summary>A watch's cursor is stored: Tracker restarted on the same data directory neither tracks a job again nor misses one.</summary>
public sealed class WatchRestartTests : IAsyncLifetime
{
    private StandaloneCluster _hadoop = null!;

    public async Task InitializeAsync() => _hadoop = await StandaloneCluster.StartAsync();

    public async Task DisposeAsync() => await _hadoop.DisposeAsync();

    private Task<TrackerProcess> StartTrackerAsync()
        => TrackerProcess.StartAsync(Path.Combine(_hadoop.DataDirectory, "tracker"), ownsDirectory: false,
            [.. _hadoop.TrackerArguments, "--Jobs:Tracking:PollInterval", "00:00:00.200", .. WatchTests.FastWatches]);

    [Fact]
    public async Task CursorSurvivesARestart_TheJobSubmittedWhileStoppedIsTracked_AndNoneTwice()
    {
        string watchId;
        string before;
        await using (var first = await StartTrackerAsync())
        {
            using var alice = new JobsClient(first.Url, "alice", "alice-secret");
            watchId = (await WatchTests.CreateWatchAsync(alice, "name=nightly-*")).GetProperty("id").GetString()!;
            before = await _hadoop.Jobs.SubmitScriptedAsync(SandboxJobs.Alice, "FAILED", applications: 1, oozieVersion: 5, appName: $"nightly-{Guid.NewGuid():N}");
            await WatchTests.TrackedAtLeastAsync(alice, watchId, 1);
        }

        var whileStopped = await _hadoop.Jobs.SubmitScriptedAsync(SandboxJobs.Alice, "FAILED", applications: 1, oozieVersion: 5, appName: $"nightly-{Guid.NewGuid():N}");
        await using var second = await StartTrackerAsync();
        using var again = new JobsClient(second.Url, "alice", "alice-secret");
        var watch = await WatchTests.TrackedAtLeastAsync(again, watchId, 2);
        var after = await _hadoop.Jobs.SubmitScriptedAsync(SandboxJobs.Alice, "FAILED", applications: 1, oozieVersion: 5, appName: $"nightly-{Guid.NewGuid():N}");
        watch = await WatchTests.TrackedAtLeastAsync(again, watchId, 3);

        // Three jobs, three tracked: the first one was listed again after the restart but not tracked a second time.
        Assert.Equal(3, watch.GetProperty("tracked").GetInt64());
        var tracked = await WatchTests.TrackedIdsAsync(again);
        Assert.Equal(3, tracked.Count);
        Assert.Equal(new[] { before, whileStopped, after }.Order(), tracked.Order());
    }
}
