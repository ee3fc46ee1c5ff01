using Microsoft.Data.Sqlite;

namespace Tracker.Jobs.Storage;

/// <summary>The vault's rows: encrypted credentials, erased from the file and its WAL when deleted.</summary>
internal sealed partial class SqliteJobStore
{
    public async Task<StoredCredential?> GetCredentialAsync(string owner, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("SELECT * FROM credentials WHERE owner = $owner;",
            c => c.Parameters.AddWithValue("$owner", owner),
            r => new StoredCredential(
                r.GetString(r.GetOrdinal("owner")),
                (byte[])r["protected"],
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(r.GetOrdinal("expires_at"))),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(r.GetOrdinal("updated_at")))),
            cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task PutCredentialAsync(StoredCredential credential, CancellationToken cancellationToken)
    {
        await using var connection = await OpenErasingAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO credentials (owner, protected, expires_at, updated_at) VALUES ($owner, $protected, $expires_at, $updated_at)
            ON CONFLICT (owner) DO UPDATE SET protected = excluded.protected, expires_at = excluded.expires_at, updated_at = excluded.updated_at;
            """;
        command.Parameters.AddWithValue("$owner", credential.Owner);
        command.Parameters.Add("$protected", SqliteType.Blob).Value = credential.Protected;
        command.Parameters.AddWithValue("$expires_at", credential.ExpiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$updated_at", credential.UpdatedAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteCredentialAsync(string owner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenErasingAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM credentials WHERE owner = $owner;";
        command.Parameters.AddWithValue("$owner", owner);
        if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
        {
            await EraseWalAsync(connection, cancellationToken);
        }
    }

    public async Task<int> DeleteExpiredCredentialsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenErasingAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM credentials WHERE expires_at <= $now;";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (deleted > 0)
        {
            await EraseWalAsync(connection, cancellationToken);
        }

        return deleted;
    }

    /// <summary>
    /// A connection that zeroes what it deletes or overwrites instead of leaving it in free pages and freeblocks, where
    /// a copy of the file would still reveal old credentials. Only credential writes need it, and only they touch the
    /// credentials table's pages, so job reads and writes keep their one round trip. SQLite has no persistent setting
    /// for it: it is set per connection (a pooled connection keeps it, harmlessly).
    /// </summary>
    private async Task<SqliteConnection> OpenErasingAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA secure_delete=ON;", cancellationToken);
        return connection;
    }

    /// <summary>
    /// With secure_delete the pages written for a delete hold zeros where the entry was, but the WAL still holds the
    /// frames that wrote the entry. A TRUNCATE checkpoint copies the zeroed pages into the database file and empties
    /// the WAL; it waits (busy timeout) for readers of older snapshots, which could still need those frames.
    /// </summary>
    private static Task EraseWalAsync(SqliteConnection connection, CancellationToken cancellationToken)
        => ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
}
