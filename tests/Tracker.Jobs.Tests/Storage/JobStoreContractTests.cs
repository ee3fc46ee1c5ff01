using System.Data.Common;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.Storage;

/// <summary>
/// What every <see cref="IJobStore"/> must do, run against each implementation by a subclass that supplies a
/// freshly migrated, empty Store.
/// </summary>
public abstract partial class JobStoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private IJobStore _store = null!;

    private protected IJobStore Store => _store;

    private protected abstract Task<IJobStore> CreateStoreAsync();

    protected abstract Task DropStoreAsync();

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        await DropStoreAsync();
    }

    private protected static TrackedJob Job(string owner, string id, DateTimeOffset due, string? status = "RUNNING") => new()
    {
        Owner = owner,
        JobId = id,
        Status = status,
        ApplicationIds = ["1_1", "1_2"],
        State = TrackingState.Tracking,
        NextPollAt = due,
        CreatedAt = Start,
    };

    [Fact]
    public async Task Migrate_IsIdempotent()
    {
        await Store.TrackAsync(Job("alice", "1-2-oozie-W", Start), CancellationToken.None);
        await Store.MigrateAsync(CancellationToken.None);
        Assert.True(await Store.PingAsync(CancellationToken.None));
        Assert.Single(await Store.ListJobsAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task Retention_ClaimsOnlyUnpinnedExpiredJobs_AndDeletesTheirRows()
    {
        var ct = CancellationToken.None;
        var retention = (IRetentionStore)Store;
        foreach (var id in new[] { "1-2-oozie-W", "3-4-oozie-W" })
        {
            await Store.TrackAsync(Job("alice", id, Start) with { State = TrackingState.Done }, ct);
            await Store.SaveCopyAsync(new ApplicationCopy
            {
                Owner = "alice", JobId = id, ApplicationId = "1_1", State = CopyState.Succeeded, Attempt = 1,
                NextAttemptAt = Start, UpdatedAt = Start,
            }, null, ct);
        }

        Assert.True(await retention.SetPinnedAsync("alice", "3-4-oozie-W", true, ct));
        Assert.Null(await retention.SetPinnedAsync("bob", "3-4-oozie-W", true, ct));
        var now = Start.AddDays(2);
        Assert.Empty(await retention.FindExpiredAsync(Start, now, 10, ct));
        var expired = Assert.Single(await retention.FindExpiredAsync(Start.AddDays(1), now, 10, ct));
        Assert.Equal(new RetentionCandidate("alice", "1-2-oozie-W"), expired);

        Assert.True(await retention.ClaimForDeletionAsync(expired, Start.AddDays(1), "r1", now, TimeSpan.FromMinutes(5), ct));
        Assert.False(await retention.ClaimForDeletionAsync(expired, Start.AddDays(1), "r2", now, TimeSpan.FromMinutes(5), ct));
        Assert.False(await retention.ClaimForDeletionAsync(new RetentionCandidate("alice", "3-4-oozie-W"), Start.AddDays(1), "r1", now, TimeSpan.FromMinutes(5), ct));
        Assert.Empty(await Store.GetCopiesAsync("alice", "1-2-oozie-W", ct));
        Assert.Null(await retention.SetPinnedAsync("alice", "1-2-oozie-W", true, ct));
        // A crashed claim is taken over once its lease expires.
        Assert.Single(await retention.FindExpiredAsync(Start.AddDays(1), now.AddMinutes(6), 10, ct));

        Assert.False(await retention.DeleteClaimedAsync(expired, "r2", ct));
        Assert.True(await retention.DeleteClaimedAsync(expired, "r1", ct));
        Assert.Null(await Store.GetJobAsync("alice", "1-2-oozie-W", ct));
        Assert.NotNull(await Store.GetJobAsync("alice", "3-4-oozie-W", ct));
        Assert.Single(await Store.GetCopiesAsync("alice", "3-4-oozie-W", ct));
    }

    [Fact]
    public async Task CountJobsByState_CountsEveryOwnersJobsPerState()
    {
        Assert.Empty(await Store.CountJobsByStateAsync(CancellationToken.None));
        await Store.TrackAsync(Job("alice", "1-2-oozie-W", Start), CancellationToken.None);
        await Store.TrackAsync(Job("bob", "1-2-oozie-W", Start), CancellationToken.None);
        await Store.TrackAsync(Job("alice", "3-4-oozie-W", Start) with { State = TrackingState.Done }, CancellationToken.None);

        var counts = await Store.CountJobsByStateAsync(CancellationToken.None);

        Assert.Equal(2, counts[TrackingState.Tracking]);
        Assert.Equal(1, counts[TrackingState.Done]);
        Assert.Equal(2, counts.Count);
    }

    [Fact]
    public async Task NextDue_IsTheEarliestPollOrLeaseExpiry()
    {
        Assert.Null(await Store.NextDueAsync(CancellationToken.None));
        await Store.TrackAsync(Job("alice", "1-2-oozie-W", Start.AddMinutes(5)), CancellationToken.None);
        await Store.TrackAsync(Job("alice", "3-4-oozie-W", Start.AddMinutes(1)), CancellationToken.None);
        Assert.Equal(Start.AddMinutes(1), await Store.NextDueAsync(CancellationToken.None));

        // A leased job is not due again before its lease runs out.
        Assert.Single(await Store.AcquireDueAsync("w", Start.AddMinutes(1), TimeSpan.FromMinutes(10), 1, CancellationToken.None));
        Assert.Equal(Start.AddMinutes(5), await Store.NextDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Track_TwiceKeepsOneEntry_AndRemembersACopyRequest()
    {
        await Store.TrackAsync(Job("alice", "1-2-oozie-W", Start) with { CopyRequested = true }, CancellationToken.None);
        var again = await Store.TrackAsync(Job("alice", "1-2-oozie-W", Start.AddMinutes(5), status: null), CancellationToken.None);

        Assert.True(again.CopyRequested);
        Assert.Equal("RUNNING", again.Status);
        Assert.Equal(Start, again.NextPollAt);
        Assert.Single(await Store.ListJobsAsync("alice", CancellationToken.None));
        Assert.Empty(await Store.ListJobsAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task ACopyRequest_ArrivingWhileTheWorkerHoldsTheJob_OutlivesTheWorkersDone()
    {
        await Store.TrackAsync(Job("alice", "1-2-oozie-W", Start), CancellationToken.None);
        var read = Assert.Single(await Store.AcquireDueAsync("w1", Start, TimeSpan.FromMinutes(1), 10, CancellationToken.None));
        // The request marks the job while the worker steps the copy it read before the mark.
        await Store.TrackAsync(Job("alice", "1-2-oozie-W", Start.AddSeconds(1)) with { CopyRequested = true }, CancellationToken.None);

        Assert.True(await Store.SaveJobAsync(
            read with { Status = "SUCCEEDED", State = TrackingState.Done, NextPollAt = Start.AddHours(1) }, "w1", release: true, CancellationToken.None));

        var saved = (await Store.GetJobAsync("alice", "1-2-oozie-W", CancellationToken.None))!;
        Assert.Equal(TrackingState.Copying, saved.State);
        Assert.True(saved.CopyRequested);
        Assert.Equal("SUCCEEDED", saved.Status);
        Assert.Equal(["1-2-oozie-W"], (await Store.AcquireDueAsync("w2", Start.AddSeconds(2), TimeSpan.FromMinutes(1), 10, CancellationToken.None)).Select(j => j.JobId));

        // A worker that saw the request ends the job as done.
        var again = (await Store.GetJobAsync("alice", "1-2-oozie-W", CancellationToken.None))!;
        Assert.True(await Store.SaveJobAsync(again with { State = TrackingState.Done }, "w2", release: true, CancellationToken.None));
        Assert.Equal(TrackingState.Done, (await Store.GetJobAsync("alice", "1-2-oozie-W", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Lease_IsExclusive_UntilReleasedOrExpired()
    {
        await Store.TrackAsync(Job("alice", "1-2-oozie-W", Start), CancellationToken.None);
        await Store.TrackAsync(Job("alice", "3-4-oozie-W", Start.AddMinutes(10)), CancellationToken.None);

        var first = await Store.AcquireDueAsync("w1", Start, TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        var second = await Store.AcquireDueAsync("w2", Start.AddSeconds(30), TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        var afterExpiry = await Store.AcquireDueAsync("w2", Start.AddMinutes(2), TimeSpan.FromMinutes(1), 10, CancellationToken.None);

        Assert.Equal(["1-2-oozie-W"], first.Select(j => j.JobId));
        Assert.Empty(second);
        Assert.Equal(["1-2-oozie-W"], afterExpiry.Select(j => j.JobId));
        // w1 lost its lease: its write must not land.
        Assert.False(await Store.SaveJobAsync(first[0] with { Status = "FAILED" }, "w1", release: false, CancellationToken.None));
        Assert.True(await Store.SaveJobAsync(afterExpiry[0] with { Status = "KILLED" }, "w2", release: false, CancellationToken.None));
        Assert.Equal("KILLED", (await Store.GetJobAsync("alice", "1-2-oozie-W", CancellationToken.None))!.Status);

        // Saving with release hands the job back in the same write.
        Assert.Null(await Store.TryAcquireAsync("alice", "1-2-oozie-W", "api", Start.AddMinutes(2), TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.True(await Store.SaveJobAsync(afterExpiry[0] with { Status = "KILLED" }, "w2", release: true, CancellationToken.None));
        Assert.NotNull(await Store.TryAcquireAsync("alice", "1-2-oozie-W", "api", Start.AddMinutes(2), TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task TryAcquire_FailsWhileAnotherHoldsTheJob()
    {
        await Store.TrackAsync(Job("alice", "1-2-oozie-W", Start.AddHours(1)), CancellationToken.None);
        Assert.NotNull(await Store.TryAcquireAsync("alice", "1-2-oozie-W", "api-1", Start, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Null(await Store.TryAcquireAsync("alice", "1-2-oozie-W", "api-2", Start, TimeSpan.FromMinutes(1), CancellationToken.None));
        await Store.ReleaseAsync("alice", "1-2-oozie-W", "api-1", CancellationToken.None);
        Assert.NotNull(await Store.TryAcquireAsync("alice", "1-2-oozie-W", "api-2", Start, TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task BlockedOwner_IsNotDue_UntilUnblocked()
    {
        await Store.TrackAsync(Job("alice", "1-2-oozie-W", Start), CancellationToken.None);
        await Store.TrackAsync(Job("bob", "1-2-oozie-W", Start), CancellationToken.None);
        await Store.BlockOwnerAsync("alice", "Knox refused the stored credentials (401)", CancellationToken.None);

        var due = await Store.AcquireDueAsync("w", Start, TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        Assert.Equal(["bob"], due.Select(j => j.Owner));
        var blocked = await Store.GetJobAsync("alice", "1-2-oozie-W", CancellationToken.None);
        Assert.True(blocked!.Blocked);
        Assert.Contains("401", blocked.Reason);
        Assert.True(await Store.HasPendingWorkAsync("alice", includeBlocked: true, CancellationToken.None));
        Assert.False(await Store.HasPendingWorkAsync("alice", includeBlocked: false, CancellationToken.None));

        Assert.Equal(1, await Store.UnblockOwnerAsync("alice", Start, CancellationToken.None));
        Assert.Single(await Store.AcquireDueAsync("w", Start, TimeSpan.FromMinutes(1), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Copies_AndAttempts_RoundTrip()
    {
        await Store.TrackAsync(Job("alice", "1-2-oozie-W", Start), CancellationToken.None);
        var copy = new ApplicationCopy
        {
            Owner = "alice", JobId = "1-2-oozie-W", ApplicationId = "1_1", State = CopyState.Submitting, Attempt = 1,
            AppPath = "/user/alice/WORK/logs/x", NextAttemptAt = Start, UpdatedAt = Start,
        };
        var attempt = new CopyAttempt { Owner = "alice", JobId = "1-2-oozie-W", ApplicationId = "1_1", Attempt = 1, AppPath = "/user/alice/WORK/logs/x" };
        await Store.SaveCopyAsync(copy, attempt, CancellationToken.None);
        await Store.SaveCopyAsync(copy with { State = CopyState.Submitted, WorkflowId = "9-9-oozie-W" }, attempt with { WorkflowId = "9-9-oozie-W" }, CancellationToken.None);

        var copies = await Store.GetCopiesAsync("alice", "1-2-oozie-W", CancellationToken.None);
        var attempts = await Store.GetAttemptsAsync("alice", "1-2-oozie-W", CancellationToken.None);
        Assert.Equal(CopyState.Submitted, Assert.Single(copies).State);
        Assert.Equal("9-9-oozie-W", Assert.Single(attempts).WorkflowId);
        Assert.Equal("RUNNING", copies[0].ReportedStatus);
        // An attempt whose directory is still there is work left to do.
        await Store.SaveJobAsync(Job("alice", "1-2-oozie-W", Start) with { State = TrackingState.Done }, "nobody", release: false, CancellationToken.None);
        Assert.True(await Store.HasPendingWorkAsync("alice", includeBlocked: false, CancellationToken.None));
    }

    [Fact]
    public async Task Observation_OfAnEndedJob_MakesItDueAtOnce()
    {
        await Store.TrackAsync(Job("alice", "1-2-oozie-W", Start.AddMinutes(30)), CancellationToken.None);
        await Store.RecordObservationAsync("alice", "1-2-oozie-W", "FAILED", ["1_1"], Start, CancellationToken.None);
        var job = await Store.GetJobAsync("alice", "1-2-oozie-W", CancellationToken.None);
        Assert.Equal("FAILED", job!.Status);
        Assert.Equal(["1_1"], job.ApplicationIds);
        Assert.Equal(Start, job.NextPollAt);
    }

    [Fact]
    public async Task Credentials_ExpireAndAreDeleted()
    {
        await Store.PutCredentialAsync(new StoredCredential("alice", [1, 2, 3], Start.AddDays(7), Start), CancellationToken.None);
        await Store.PutCredentialAsync(new StoredCredential("bob", [4], Start.AddDays(1), Start), CancellationToken.None);

        Assert.Equal(1, await Store.DeleteExpiredCredentialsAsync(Start.AddDays(2), CancellationToken.None));
        Assert.Null(await Store.GetCredentialAsync("bob", CancellationToken.None));
        Assert.Equal([1, 2, 3], (await Store.GetCredentialAsync("alice", CancellationToken.None))!.Protected);
        await Store.DeleteCredentialAsync("alice", CancellationToken.None);
        Assert.Null(await Store.GetCredentialAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task UnknownStateInARow_Throws_InsteadOfBecomingAnotherState()
    {
        await Store.TrackAsync(Job("alice", "1-2-oozie-W", Start), CancellationToken.None);
        await Store.SaveCopyAsync(
            new ApplicationCopy { Owner = "alice", JobId = "1-2-oozie-W", ApplicationId = "1_1", NextAttemptAt = Start, UpdatedAt = Start },
            null, CancellationToken.None);
        await ExecuteAsync((JobStore)Store, "UPDATE tracked_jobs SET state = 'paused'; UPDATE application_copies SET state = 'retrying';");

        var job = await Assert.ThrowsAsync<InvalidDataException>(() => Store.GetJobAsync("alice", "1-2-oozie-W", CancellationToken.None));
        Assert.Contains("'paused'", job.Message);
        await Assert.ThrowsAsync<InvalidDataException>(() => Store.CountJobsByStateAsync(CancellationToken.None));
        var copy = await Assert.ThrowsAsync<InvalidDataException>(() => Store.GetCopiesAsync("alice", CancellationToken.None));
        Assert.Contains("'retrying'", copy.Message);
    }

    /// <summary>
    /// A database the first release made (its schema script, its schema_version row, a row it wrote) is taken
    /// over as it is: the migration applies nothing and the store reads and writes it.
    /// </summary>
    private protected static async Task AssertFirstReleaseDatabaseServesAsync(JobStore store, string firstReleaseSchema)
    {
        var start = Start.ToUnixTimeMilliseconds();
        await ExecuteAsync(store, $"""
            {firstReleaseSchema}
            CREATE TABLE schema_version (version INTEGER NOT NULL);
            INSERT INTO schema_version (version) VALUES (1);
            INSERT INTO tracked_jobs (owner, job_id, status, application_ids, state, blocked, copy_requested, next_poll_at, failures, created_at)
            VALUES ('alice', '1-2-oozie-W', 'FAILED', '["1_1"]', 'copying', 0, 1, {start}, 2, {start});
            """);

        await store.MigrateAsync(CancellationToken.None);

        // One row per script: the first release's, then each later one applied once on top of it.
        Assert.Equal((long)StoreMigrations.For(store.Dialect).Count, Convert.ToInt64(await ScalarAsync(store, "SELECT COUNT(*) FROM schema_version;")));
        Assert.True(await store.PingAsync(CancellationToken.None));
        var job = await store.GetJobAsync("alice", "1-2-oozie-W", CancellationToken.None);
        Assert.Equal(TrackingState.Copying, job!.State);
        Assert.Equal(["1_1"], job.ApplicationIds);
        Assert.True(job.CopyRequested);
        Assert.Equal(2, job.Failures);
        Assert.Equal(Start, job.NextPollAt);
        Assert.Single(await store.AcquireDueAsync("w", Start, TimeSpan.FromMinutes(1), 10, CancellationToken.None));
        await store.TrackAsync(Job("bob", "3-4-oozie-W", Start), CancellationToken.None);
        await store.PutCredentialAsync(new StoredCredential("bob", [7], Start.AddDays(1), Start), CancellationToken.None);
        Assert.Equal([7], (await store.GetCredentialAsync("bob", CancellationToken.None))!.Protected);
    }

    /// <summary>Runs SQL on the store's own database, behind its back (rows it would never write, an old schema).</summary>
    private protected static async Task ExecuteAsync(JobStore store, string sql)
    {
        await using var command = store.Dialect.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(JobStore store, string sql)
    {
        await using DbCommand command = store.Dialect.DataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}

public sealed class SqliteJobStoreTests : JobStoreContractTests
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, "jobs.db");

    private protected override Task<IJobStore> CreateStoreAsync() => Task.FromResult<IJobStore>(JobStore.Sqlite(DatabasePath));

    protected override Task DropStoreAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task UsesWal()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ADatabaseMadeByTheFirstRelease_OpensAndServes()
    {
        await using var store = JobStore.Sqlite(Path.Combine(_directory.Path, "first-release.db"));
        await AssertFirstReleaseDatabaseServesAsync(store, FirstReleaseSchema.Sqlite);
    }
}
