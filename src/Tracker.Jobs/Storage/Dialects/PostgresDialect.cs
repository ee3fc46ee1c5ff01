using System.Data.Common;
using Npgsql;

namespace Tracker.Jobs.Storage.Dialects;

/// <summary>A PostgreSQL database shared by several Tracker replicas.</summary>
internal sealed class PostgresDialect(string connectionString) : SqlDialect
{
    // Any fixed number works as long as nothing else in the database uses it; this one spells "TrackJob".
    private const long MigrationLockKey = 0x547261636B4A6F62;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override string DisplayName => "PostgreSQL job store";

    public override string MigrationFolder => "postgres";

    public override string Least => "LEAST";

    public override string Greatest => "GREATEST";

    // The sub-select locks the rows it picks and skips rows another replica's sweep has locked; a row another
    // replica leased and committed meanwhile is re-checked against the WHERE clause under the lock and dropped.
    public override string ClaimLock => "FOR UPDATE SKIP LOCKED";

    public override DbDataSource DataSource => _dataSource;

    // Replicas starting together migrate one after the other: the second one waits here, then finds the schema
    // current. The lock is released with the transaction, also when a replica dies mid-migration.
    public override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.Command("SELECT pg_advisory_xact_lock(@key);", transaction).Bind("key", MigrationLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }
}
