using System.Data.Common;
using Tracker.Jobs.Storage.Dialects;

namespace Tracker.Jobs.Storage;

/// <summary>One statement on a connection of its own from the dialect's pool.</summary>
internal sealed partial class JobStore
{
    /// <summary>Reads every row, with <paramref name="mapper"/> finding the columns by name once for the result set.</summary>
    private async Task<IReadOnlyList<T>> QueryAsync<T>(
        string sql, Action<DbCommand> bind, Func<DbDataReader, Func<DbDataReader, T>> mapper, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        Func<DbDataReader, T>? read = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            read ??= mapper(reader);
            rows.Add(read(reader));
        }

        return rows;
    }

    private async Task<int> ExecuteAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(sql);
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The first column of the first row, or null for SQL NULL.</summary>
    private async Task<object?> ScalarAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(sql);
        bind(command);
        return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? value : null;
    }
}
