using Tracker.Jobs.Storage;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.Storage;

public sealed class SqliteJobStoreTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory directory = new();
    private SqliteJobStore store = null!;

    public async Task InitializeAsync()
    {
        store = new SqliteJobStore(Path.Combine(directory.Path, "jobs.db"));
        await store.MigrateAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => directory.Dispose();

    private static TrackedJob Job(string owner, string id, DateTimeOffset due, string? status = "RUNNING") => new()
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
    public async Task Migrate_IsIdempotent_AndUsesWal()
    {
        await store.MigrateAsync(CancellationToken.None);
        Assert.True(await store.PingAsync(CancellationToken.None));
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Track_TwiceKeepsOneEntry_AndRemembersACopyRequest()
    {
        await store.TrackAsync(Job("alice", "1-2-oozie-W", Start) with { CopyRequested = true }, CancellationToken.None);
        var again = await store.TrackAsync(Job("alice", "1-2-oozie-W", Start.AddMinutes(5), status: null), CancellationToken.None);

        Assert.True(again.CopyRequested);
        Assert.Equal("RUNNING", again.Status);
        Assert.Equal(Start, again.NextPollAt);
        Assert.Single(await store.ListJobsAsync("alice", CancellationToken.None));
        Assert.Empty(await store.ListJobsAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task Lease_IsExclusive_UntilReleasedOrExpired()
    {
        await store.TrackAsync(Job("alice", "1-2-oozie-W", Start), CancellationToken.None);
        await store.TrackAsync(Job("alice", "3-4-oozie-W", Start.AddMinutes(10)), CancellationToken.None);

        var first = await store.AcquireDueAsync("w1", Start, TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        var second = await store.AcquireDueAsync("w2", Start.AddSeconds(30), TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        var afterExpiry = await store.AcquireDueAsync("w2", Start.AddMinutes(2), TimeSpan.FromMinutes(1), 10, CancellationToken.None);

        Assert.Equal(["1-2-oozie-W"], first.Select(j => j.JobId));
        Assert.Empty(second);
        Assert.Equal(["1-2-oozie-W"], afterExpiry.Select(j => j.JobId));
        // w1 lost its lease: its write must not land.
        Assert.False(await store.SaveJobAsync(first[0] with { Status = "FAILED" }, "w1", release: false, CancellationToken.None));
        Assert.True(await store.SaveJobAsync(afterExpiry[0] with { Status = "KILLED" }, "w2", release: false, CancellationToken.None));
        Assert.Equal("KILLED", (await store.GetJobAsync("alice", "1-2-oozie-W", CancellationToken.None))!.Status);

        // Saving with release hands the job back in the same write.
        Assert.Null(await store.TryAcquireAsync("alice", "1-2-oozie-W", "api", Start.AddMinutes(2), TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.True(await store.SaveJobAsync(afterExpiry[0] with { Status = "KILLED" }, "w2", release: true, CancellationToken.None));
        Assert.NotNull(await store.TryAcquireAsync("alice", "1-2-oozie-W", "api", Start.AddMinutes(2), TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task TryAcquire_FailsWhileAnotherHoldsTheJob()
    {
        await store.TrackAsync(Job("alice", "1-2-oozie-W", Start.AddHours(1)), CancellationToken.None);
        Assert.NotNull(await store.TryAcquireAsync("alice", "1-2-oozie-W", "api-1", Start, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Null(await store.TryAcquireAsync("alice", "1-2-oozie-W", "api-2", Start, TimeSpan.FromMinutes(1), CancellationToken.None));
        await store.ReleaseAsync("alice", "1-2-oozie-W", "api-1", CancellationToken.None);
        Assert.NotNull(await store.TryAcquireAsync("alice", "1-2-oozie-W", "api-2", Start, TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task BlockedOwner_IsNotDue_UntilUnblocked()
    {
        await store.TrackAsync(Job("alice", "1-2-oozie-W", Start), CancellationToken.None);
        await store.TrackAsync(Job("bob", "1-2-oozie-W", Start), CancellationToken.None);
        await store.BlockOwnerAsync("alice", "Knox refused the stored credentials (401)", CancellationToken.None);

        var due = await store.AcquireDueAsync("w", Start, TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        Assert.Equal(["bob"], due.Select(j => j.Owner));
        var blocked = await store.GetJobAsync("alice", "1-2-oozie-W", CancellationToken.None);
        Assert.True(blocked!.Blocked);
        Assert.Contains("401", blocked.Reason);
        Assert.True(await store.HasPendingWorkAsync("alice", includeBlocked: true, CancellationToken.None));
        Assert.False(await store.HasPendingWorkAsync("alice", includeBlocked: false, CancellationToken.None));

        Assert.Equal(1, await store.UnblockOwnerAsync("alice", Start, CancellationToken.None));
        Assert.Single(await store.AcquireDueAsync("w", Start, TimeSpan.FromMinutes(1), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Copies_AndAttempts_RoundTrip()
    {
        await store.TrackAsync(Job("alice", "1-2-oozie-W", Start), CancellationToken.None);
        var copy = new ApplicationCopy
        {
            Owner = "alice", JobId = "1-2-oozie-W", ApplicationId = "1_1", State = CopyState.Submitting, Attempt = 1,
            AppPath = "/user/alice/WORK/logs/x", NextAttemptAt = Start, UpdatedAt = Start,
        };
        var attempt = new CopyAttempt { Owner = "alice", JobId = "1-2-oozie-W", ApplicationId = "1_1", Attempt = 1, AppPath = "/user/alice/WORK/logs/x" };
        await store.SaveCopyAsync(copy, attempt, CancellationToken.None);
        await store.SaveCopyAsync(copy with { State = CopyState.Submitted, WorkflowId = "9-9-oozie-W" }, attempt with { WorkflowId = "9-9-oozie-W" }, CancellationToken.None);

        var copies = await store.GetCopiesAsync("alice", "1-2-oozie-W", CancellationToken.None);
        var attempts = await store.GetAttemptsAsync("alice", "1-2-oozie-W", CancellationToken.None);
        Assert.Equal(CopyState.Submitted, Assert.Single(copies).State);
        Assert.Equal("9-9-oozie-W", Assert.Single(attempts).WorkflowId);
        Assert.Equal("RUNNING", copies[0].ReportedStatus);
        // An attempt whose directory is still there is work left to do.
        await store.SaveJobAsync(Job("alice", "1-2-oozie-W", Start) with { State = TrackingState.Done }, "nobody", release: false, CancellationToken.None);
        Assert.True(await store.HasPendingWorkAsync("alice", includeBlocked: false, CancellationToken.None));
    }

    [Fact]
    public async Task Observation_OfAnEndedJob_MakesItDueAtOnce()
    {
        await store.TrackAsync(Job("alice", "1-2-oozie-W", Start.AddMinutes(30)), CancellationToken.None);
        await store.RecordObservationAsync("alice", "1-2-oozie-W", "FAILED", ["1_1"], Start, CancellationToken.None);
        var job = await store.GetJobAsync("alice", "1-2-oozie-W", CancellationToken.None);
        Assert.Equal("FAILED", job!.Status);
        Assert.Equal(["1_1"], job.ApplicationIds);
        Assert.Equal(Start, job.NextPollAt);
    }

    [Fact]
    public async Task Credentials_ExpireAndAreDeleted()
    {
        await store.PutCredentialAsync(new StoredCredential("alice", [1, 2, 3], Start.AddDays(7), Start), CancellationToken.None);
        await store.PutCredentialAsync(new StoredCredential("bob", [4], Start.AddDays(1), Start), CancellationToken.None);

        Assert.Equal(1, await store.DeleteExpiredCredentialsAsync(Start.AddDays(2), CancellationToken.None));
        Assert.Null(await store.GetCredentialAsync("bob", CancellationToken.None));
        Assert.Equal([1, 2, 3], (await store.GetCredentialAsync("alice", CancellationToken.None))!.Protected);
        await store.DeleteCredentialAsync("alice", CancellationToken.None);
        Assert.Null(await store.GetCredentialAsync("alice", CancellationToken.None));
    }
}
