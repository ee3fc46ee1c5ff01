using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Storage.Dialects;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.Storage;

/// <summary>The schema is brought up to date as the host starts, not while services are registered, and before any hosted service starts.</summary>
public sealed class JobStoreMigrationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Registering_TouchesNoDatabase_StartingMigratesBeforeLaterHostedServicesStart()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddJobStore(new ConfigurationBuilder().Build(), _directory.Path);
        builder.Services.AddHostedService<SchemaProbe>();
        using var host = builder.Build();
        var databasePath = Path.Combine(_directory.Path, "jobs.db");
        Assert.False(File.Exists(databasePath));

        await host.StartAsync();
        try
        {
            Assert.True(host.Services.GetServices<IHostedService>().OfType<SchemaProbe>().Single().SchemaWasCurrent);
            Assert.True(File.Exists(databasePath));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task EveryDialect_HasTheSameNumberedScripts()
    {
        await using SqlDialect sqliteDialect = new SqliteDialect(Path.Combine(_directory.Path, "unused.db"));
        await using SqlDialect postgresDialect = new PostgresDialect("Host=127.0.0.1");
        var sqlite = StoreMigrations.For(sqliteDialect);
        var postgres = StoreMigrations.For(postgresDialect);

        Assert.Equal(Enumerable.Range(1, sqlite.Count), sqlite.Select(s => s.Version));
        Assert.Equal(sqlite.Select(s => s.Name), postgres.Select(s => s.Name));
    }

    /// <summary>A hosted service registered after the store, as the tracking worker is: it looks at the schema in StartAsync.</summary>
    private sealed class SchemaProbe(IJobStore store) : IHostedService
    {
        public bool SchemaWasCurrent { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken) => SchemaWasCurrent = await store.PingAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
