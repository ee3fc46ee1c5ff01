using Npgsql;

namespace Tracker.Jobs.Tests.Support;

/// <summary>
/// A schema of its own in the test PostgreSQL server ($TRACKER_TEST_POSTGRES), so tests run in parallel and
/// again without seeing each other's rows; dropped with everything in it on dispose.
/// </summary>
internal sealed class PostgresSchema : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private PostgresSchema(string serverConnectionString, string name)
    {
        this._serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { SearchPath = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>A connection string whose unqualified tables live in this schema.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresSchema> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("TRACKER_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                "TRACKER_TEST_POSTGRES is not set: these tests need a real PostgreSQL server (source /work/wt/dev-env.sh, or run test.sh).");
        }

        var schema = new PostgresSchema(server, $"jobs_test_{Guid.NewGuid():N}");
        await schema.ExecuteAsync($"CREATE SCHEMA {schema.Name};");
        return schema;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP SCHEMA IF EXISTS {Name} CASCADE;");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
