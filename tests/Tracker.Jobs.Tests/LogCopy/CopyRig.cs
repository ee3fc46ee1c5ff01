using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Jobs.LogCopy;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Telemetry;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.LogCopy;

/// <summary>
/// The copy parts of one Tracker process over a real SQLite store, with in-process fakes of Oozie and WebHDFS that
/// outlive it: <see cref="RestartAsync"/> drops the process (its store connections and parts) and starts a new one
/// from what the database holds, as a crash and restart would, while the cluster keeps what it was told.
/// </summary>
internal sealed class CopyRig : IDisposable
{
    public const string Owner = "jane";
    public const string JobId = "0000042-200101000000000-oozie-oozi-W";
    public const string ApplicationId = "1529519049029_420001";

    private static readonly IMeterFactory Meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    private readonly TempDirectory _temp = new();
    private readonly KnoxCredentials _credentials = KnoxCredentials.Basic(Owner, "secret");

    private CopyRig()
    {
        Hdfs = new FakeWebHdfs(Crashes);
        Oozie = new FakeOozie(Hdfs, Crashes);
    }

    public CrashSwitch Crashes { get; } = new();

    public FakeWebHdfs Hdfs { get; }

    public FakeOozie Oozie { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    public LogCopyOptions Options { get; } = new() { MaxAttempts = 3, RetryBackoff = TimeSpan.FromMinutes(1) };

    public IJobStore Store { get; private set; } = null!;

    public CopyStateMachine Machine { get; private set; } = null!;

    public LogDirectoryCleanup Cleanup { get; private set; } = null!;

    public JobCopies Copies { get; private set; } = null!;

    /// <summary>A FAILED workflow with one application, tracked, and its copy not started yet.</summary>
    public TrackedJob Job { get; } = new()
    {
        Owner = Owner,
        JobId = JobId,
        Status = OozieStatus.Failed,
        ApplicationIds = [ApplicationId],
        State = TrackingState.Copying,
    };

    public string LogPath => CopyWorkflow.LogPath(Options.LogDirectory(Owner), JobId, ApplicationId);

    public static async Task<CopyRig> StartAsync()
    {
        var rig = new CopyRig();
        await rig.RestartAsync();
        var now = rig.Time.GetUtcNow();
        await rig.Store.TrackAsync(rig.Job with { NextPollAt = now, CreatedAt = now }, CancellationToken.None);
        await rig.Store.SaveCopyAsync(CopyStateMachine.NewCopy(rig.Job, ApplicationId, partial: false, now), null, CancellationToken.None);
        return rig;
    }

    /// <summary>The one place a test store is built (the store's class is being renamed: one line to change).</summary>
    public static IJobStore NewStore(string path) => JobStore.Sqlite(path);

    /// <summary>A new process: a new store over the same database file and new parts; nothing kept in memory.</summary>
    public async Task RestartAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Store = NewStore(Path.Combine(_temp.Path, "jobs.db"));
        await Store.MigrateAsync(CancellationToken.None);
        var launcher = new CopyWorkflowLauncher(Oozie, Hdfs, Microsoft.Extensions.Options.Options.Create(Options));
        Machine = new CopyStateMachine(Store, Oozie, Hdfs, launcher, Time, NullLogger<CopyStateMachine>.Instance, new JobsMetrics(Meters));
        Cleanup = new LogDirectoryCleanup(Store, Hdfs, NullLogger<LogDirectoryCleanup>.Instance);
        Copies = new JobCopies(Store, Machine, Time);
    }

    public async Task<ApplicationCopy> CopyAsync() => Assert.Single(await Store.GetCopiesAsync(Owner, JobId, CancellationToken.None));

    public async Task<IReadOnlyList<CopyAttempt>> AttemptsAsync() => await Store.GetAttemptsAsync(Owner, JobId, CancellationToken.None);

    /// <summary>One step of the copy as the job's step takes it: read from the store, advanced once.</summary>
    public async Task<ApplicationCopy> AdvanceAsync() => await Machine.AdvanceAsync(Job, await CopyAsync(), _credentials, CancellationToken.None);

    /// <summary>The job's copies step, for <paramref name="job"/> (the rig's job by default) as Oozie last reported it.</summary>
    public async Task<IReadOnlyDictionary<string, ApplicationCopy>> AdvanceJobAsync(TrackedJob? job = null)
        => (await Copies.AdvanceAsync(job ?? Job, _credentials, CancellationToken.None)).ToDictionary(c => c.ApplicationId, StringComparer.Ordinal);

    public Task<int> CleanAsync() => Cleanup.RemoveEndedAsync(Job, _credentials, CancellationToken.None);

    /// <summary>The step is interrupted by the armed crash: the process is gone, whatever it was doing.</summary>
    public async Task CrashesDuring(Func<Task> step)
    {
        await Assert.ThrowsAsync<SimulatedCrash>(step);
        Assert.False(Crashes.Pending);
        await RestartAsync();
    }

    public void Dispose() => _temp.Dispose();
}
