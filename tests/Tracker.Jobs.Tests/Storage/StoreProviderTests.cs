using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.Storage;

/// <summary>Choosing the store at start-up: mistakes stop the host with a clear message that never shows a password.</summary>
public sealed class StoreProviderTests
{
    private static async Task<Exception> StartFailureAsync(params string[] args)
    {
        var directory = TrackerProcess.NewDataDirectory();
        try
        {
            return await Assert.ThrowsAnyAsync<Exception>(async () => await (await TrackerProcess.StartAsync(directory, ownsDirectory: true, args)).DisposeAsync());
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static string Messages(Exception e) => e.InnerException is null ? e.Message : $"{e.Message} | {Messages(e.InnerException)}";

    [Fact]
    public async Task Postgres_WithoutConnectionString_StopsStartUp_NamingTheKey()
    {
        var failure = await StartFailureAsync("--Jobs:Store:Provider", "postgres");
        Assert.Contains("Jobs:Store:ConnectionString", Messages(failure));
    }

    [Fact]
    public async Task UnknownProvider_StopsStartUp()
    {
        var failure = await StartFailureAsync("--Jobs:Store:Provider", "mysql");
        Assert.Contains("'mysql' is not supported", Messages(failure));
    }

    [Fact]
    public async Task UnreachableDatabase_StopsStartUp_WithoutShowingThePassword()
    {
        // Port 1 on the loopback refuses at once.
        var failure = await StartFailureAsync(
            "--Jobs:Store:Provider", "postgres",
            "--Jobs:Store:ConnectionString", "Host=127.0.0.1;Port=1;Username=tracker;Password=very-secret-pw;Timeout=3");
        var chain = new List<Exception>();
        for (var e = failure; e is not null; e = e.InnerException)
        {
            chain.Add(e);
        }

        Assert.Contains(chain, e => e is Npgsql.NpgsqlException);
        Assert.DoesNotContain("very-secret-pw", Messages(failure) + failure);
    }
}
