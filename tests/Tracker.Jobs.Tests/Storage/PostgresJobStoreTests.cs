using Tracker.Jobs.Storage;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.Storage;

/// <summary>The store contract against the real PostgreSQL server, plus what only a shared database can show: replicas racing.</summary>
public sealed class PostgresJobStoreTests : JobStoreContractTests
{
    private PostgresSchema _schema = null!;

    private protected override async Task<IJobStore> CreateStoreAsync()
    {
        _schema = await PostgresSchema.CreateAsync();
        return JobStore.Postgres(_schema.ConnectionString);
    }

    protected override async Task DropStoreAsync() => await _schema.DisposeAsync();

    [Fact]
    public async Task ADatabaseMadeByTheFirstRelease_OpensAndServes()
    {
        await using var fresh = await PostgresSchema.CreateAsync();
        await using var store = JobStore.Postgres(fresh.ConnectionString);
        await AssertFirstReleaseDatabaseServesAsync(store, FirstReleaseSchema.Postgres);
    }

    [Fact]
    public async Task ReplicasMigratingTogether_BothSucceed_AndTheSchemaIsAppliedOnce()
    {
        await using var fresh = await PostgresSchema.CreateAsync();
        var replicas = Enumerable.Range(0, 4).Select(_ => JobStore.Postgres(fresh.ConnectionString)).ToList();
        try
        {
            await Task.WhenAll(replicas.Select(r => Task.Run(() => r.MigrateAsync(CancellationToken.None))));
            Assert.All(await Task.WhenAll(replicas.Select(r => r.PingAsync(CancellationToken.None))), Assert.True);

            await using var connection = new Npgsql.NpgsqlConnection(fresh.ConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM schema_version;", connection);
            Assert.Equal((long)StoreMigrations.For(replicas[0].Dialect).Count, await command.ExecuteScalarAsync());
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ReplicasSweepingTogether_NeverTakeTheSameJob()
    {
        const int jobs = 120;
        for (var i = 0; i < jobs; i++)
        {
            await Store.TrackAsync(Job("alice", $"{i:D7}-260101000000000-oozie-W", Start.AddSeconds(i % 7)), CancellationToken.None);
        }

        // Separate data sources, as separate processes would have; each sweeps in small batches until nothing is left.
        var replicas = Enumerable.Range(0, 3).Select(_ => JobStore.Postgres(_schema.ConnectionString)).ToList();
        try
        {
            var taken = await Task.WhenAll(replicas.Select((replica, n) => Task.Run(async () =>
            {
                var mine = new List<string>();
                while (await replica.AcquireDueAsync($"replica-{n}", Start.AddMinutes(1), TimeSpan.FromMinutes(10), 7, CancellationToken.None) is { Count: > 0 } batch)
                {
                    mine.AddRange(batch.Select(j => j.JobId));
                }

                return mine;
            })));

            var all = taken.SelectMany(t => t).ToList();
            Assert.Equal(jobs, all.Count);
            Assert.Equal(jobs, all.Distinct().Count());
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ReplicasGrabbingOneJob_OnlyOneGetsIt()
    {
        await Store.TrackAsync(Job("alice", "1-2-oozie-W", Start.AddHours(1)), CancellationToken.None);
        var replicas = Enumerable.Range(0, 4).Select(_ => JobStore.Postgres(_schema.ConnectionString)).ToList();
        try
        {
            var results = await Task.WhenAll(replicas.Select((replica, n) => Task.Run(
                () => replica.TryAcquireAsync("alice", "1-2-oozie-W", $"api-{n}", Start, TimeSpan.FromMinutes(1), CancellationToken.None))));
            Assert.Single(results, r => r is not null);
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }
}
