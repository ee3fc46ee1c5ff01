using System.Data;
using System.Data.Common;

namespace Tracker.Jobs.Storage.Dialects;

/// <summary>
/// Commands and typed parameters for both providers. Every parameter carries its type, so a null is never left for
/// PostgreSQL to guess; flags travel as 0/1 integers, the columns' representation in both schemas.
/// </summary>
internal static class DbCommands
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static async Task<int> ExecuteAsync(this DbConnection connection, string sql, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        await using var command = connection.Command(sql, transaction);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static DbCommand Bind(this DbCommand command, string name, string? value) => command.Add(name, DbType.String, value);

    public static DbCommand Bind(this DbCommand command, string name, long value) => command.Add(name, DbType.Int64, value);

    public static DbCommand Bind(this DbCommand command, string name, long? value) => command.Add(name, DbType.Int64, value);

    public static DbCommand Bind(this DbCommand command, string name, bool value) => command.Add(name, DbType.Int64, value ? 1L : 0L);

    public static DbCommand Bind(this DbCommand command, string name, DateTimeOffset value) => command.Add(name, DbType.Int64, value.ToUnixTimeMilliseconds());

    public static DbCommand Bind(this DbCommand command, string name, DateTimeOffset? value) => command.Add(name, DbType.Int64, value?.ToUnixTimeMilliseconds());

    public static DbCommand Bind(this DbCommand command, string name, byte[] value) => command.Add(name, DbType.Binary, value);

    private static DbCommand Add(this DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
