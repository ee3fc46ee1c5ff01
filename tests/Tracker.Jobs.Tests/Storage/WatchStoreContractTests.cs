using Tracker.Jobs.Storage;
using Tracker.Jobs.Tests.Support;
using Tracker.Jobs.Watches;

namespace Tracker.Jobs.Tests.Storage;

/// <summary>What the watch store must do on each database, run by a subclass that supplies a fresh, migrated store.</summary>
public abstract class WatchStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private JobStore _store = null!;

    private protected IWatchStore Store => _store;

    private protected abstract Task<JobStore> CreateStoreAsync();

    protected abstract Task DropStoreAsync();

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await DropStoreAsync();
    }

    private static Watch NewWatch(string owner, string id, DateTimeOffset due) => new()
    {
        Id = id,
        Owner = owner,
        Filter = "name=nightly-*",
        JobType = "wf",
        CreatedAt = Start,
        Cursor = Start,
        NextRunAt = due,
    };

    [Fact]
    public async Task CreateGetListDelete_OnlyForTheOwner()
    {
        await Store.CreateWatchAsync(NewWatch("alice", "w1", Start), CancellationToken.None);
        await Store.CreateWatchAsync(NewWatch("alice", "w2", Start) with { CreatedAt = Start.AddSeconds(1) }, CancellationToken.None);
        await Store.CreateWatchAsync(NewWatch("bob", "w3", Start), CancellationToken.None);

        Assert.Equal(NewWatch("alice", "w1", Start), await Store.GetWatchAsync("alice", "w1", CancellationToken.None));
        Assert.Null(await Store.GetWatchAsync("bob", "w1", CancellationToken.None));
        Assert.Equal(["w1", "w2"], (await Store.ListWatchesAsync("alice", CancellationToken.None)).Select(w => w.Id));

        Assert.False(await Store.DeleteWatchAsync("bob", "w1", CancellationToken.None));
        Assert.True(await Store.DeleteWatchAsync("alice", "w1", CancellationToken.None));
        Assert.Null(await Store.GetWatchAsync("alice", "w1", CancellationToken.None));
    }

    [Fact]
    public async Task DueWatchesAreLeasedOnce_UntilTheLeaseExpires()
    {
        await Store.CreateWatchAsync(NewWatch("alice", "due", Start), CancellationToken.None);
        await Store.CreateWatchAsync(NewWatch("alice", "later", Start.AddMinutes(5)), CancellationToken.None);

        var first = await Store.AcquireDueWatchesAsync("a", Start, Lease, 10, CancellationToken.None);
        Assert.Equal("due", Assert.Single(first).Id);
        Assert.Empty(await Store.AcquireDueWatchesAsync("b", Start, Lease, 10, CancellationToken.None));
        Assert.Equal(Start + Lease, await Store.NextWatchDueAsync(CancellationToken.None));

        // A crashed holder's lease expires and another replica takes the watch.
        Assert.Equal("due", Assert.Single(await Store.AcquireDueWatchesAsync("b", Start + Lease + TimeSpan.FromSeconds(1), Lease, 10, CancellationToken.None)).Id);
        Assert.False(await Store.SaveWatchRunAsync("due", "a", new WatchRun(Start.AddHours(1), 5, false, null, Start), CancellationToken.None));
    }

    [Fact]
    public async Task SavedRun_MovesTheCursorForwardOnly_CountsTracked_Blocks_AndReleases()
    {
        await Store.CreateWatchAsync(NewWatch("alice", "w", Start), CancellationToken.None);
        Assert.Single(await Store.AcquireDueWatchesAsync("a", Start, Lease, 10, CancellationToken.None));
        Assert.True(await Store.SaveWatchRunAsync("w", "a", new WatchRun(Start.AddMinutes(3), 2, false, null, Start.AddMinutes(1)), CancellationToken.None));

        Assert.Single(await Store.AcquireDueWatchesAsync("b", Start.AddMinutes(1), Lease, 10, CancellationToken.None));
        Assert.True(await Store.SaveWatchRunAsync("w", "b", new WatchRun(Start, 1, true, "refused", Start.AddMinutes(2)), CancellationToken.None));

        var saved = await Store.GetWatchAsync("alice", "w", CancellationToken.None);
        Assert.Equal(Start.AddMinutes(3), saved!.Cursor);
        Assert.Equal(3, saved.Tracked);
        Assert.True(saved.Blocked);
        Assert.Equal("refused", saved.Reason);
        Assert.Equal(Start.AddMinutes(2), await Store.NextWatchDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AWatchIsPendingWork_SoItsOwnersCredentialsAreKept()
    {
        Assert.False(await _store.HasPendingWorkAsync("alice", includeBlocked: false, CancellationToken.None));
        await Store.CreateWatchAsync(NewWatch("alice", "w", Start), CancellationToken.None);
        Assert.True(await _store.HasPendingWorkAsync("alice", includeBlocked: false, CancellationToken.None));
        Assert.False(await _store.HasPendingWorkAsync("bob", includeBlocked: false, CancellationToken.None));
    }
}

public sealed class SqliteWatchStoreTests : WatchStoreContractTests
{
    private readonly TempDirectory _directory = new();

    private protected override Task<JobStore> CreateStoreAsync() => Task.FromResult(JobStore.Sqlite(Path.Combine(_directory.Path, "jobs.db")));

    protected override Task DropStoreAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class PostgresWatchStoreTests : WatchStoreContractTests
{
    private PostgresSchema _schema = null!;

    private protected override async Task<JobStore> CreateStoreAsync()
    {
        _schema = await PostgresSchema.CreateAsync();
        return JobStore.Postgres(_schema.ConnectionString);
    }

    protected override async Task DropStoreAsync() => await _schema.DisposeAsync();

    [Fact]
    public async Task ReplicasClaimingAtOnce_TakeEachDueWatchOnce()
    {
        for (var i = 0; i < 20; i++)
        {
            await Store.CreateWatchAsync(NewWatchFor(i), CancellationToken.None);
        }

        var replicas = Enumerable.Range(0, 4).Select(_ => JobStore.Postgres(_schema.ConnectionString)).ToList();
        try
        {
            var claims = await Task.WhenAll(replicas.Select((r, i) =>
                r.AcquireDueWatchesAsync($"replica-{i}", DateTimeOffset.UnixEpoch.AddDays(1), TimeSpan.FromMinutes(1), 8, CancellationToken.None)));
            var ids = claims.SelectMany(c => c.Select(w => w.Id)).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.InRange(ids.Count, 8, 20);
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    private static Watch NewWatchFor(int i) => new()
    {
        Id = $"w{i}",
        Owner = "alice",
        Filter = "",
        JobType = "wf",
        CreatedAt = DateTimeOffset.UnixEpoch,
        Cursor = DateTimeOffset.UnixEpoch,
        NextRunAt = DateTimeOffset.UnixEpoch,
    };
}
