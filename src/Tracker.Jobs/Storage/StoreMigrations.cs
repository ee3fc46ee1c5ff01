using System.Reflection;
using System.Text.RegularExpressions;
using Tracker.Jobs.Storage.Dialects;

namespace Tracker.Jobs.Storage;

/// <summary>
/// The schema as numbered scripts embedded from <c>Storage/Migrations/&lt;dialect&gt;/NNNN_name.sql</c>, applied in order
/// in one transaction under the dialect's migration lock and recorded in <c>schema_version</c> (one row per applied
/// number, the bookkeeping every earlier version kept, so databases they made carry on from where they are).
/// </summary>
internal static partial class StoreMigrations
{
    private const string ResourcePrefix = "Tracker.Jobs.Migrations/";

    public static async Task ApplyAsync(SqlDialect dialect, CancellationToken cancellationToken)
    {
        var scripts = For(dialect);
        await dialect.PrepareAsync(cancellationToken);
        await using var connection = await dialect.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginMigrationAsync(connection, cancellationToken);
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken, transaction);
        long current;
        await using (var command = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version;", transaction))
        {
            current = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
        }

        foreach (var script in scripts.Where(s => s.Version > current))
        {
            // Both providers run a script of several statements as one command.
            await connection.ExecuteAsync(script.Sql, cancellationToken, transaction);
            await using var record = connection.Command("INSERT INTO schema_version (version) VALUES (@version);", transaction).Bind("version", (long)script.Version);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The dialect's scripts in order; numbered 1, 2, 3 ... without a gap, or the build shipped a mistake.</summary>
    public static IReadOnlyList<MigrationScript> For(SqlDialect dialect)
    {
        var assembly = typeof(StoreMigrations).Assembly;
        var folder = ResourcePrefix + dialect.MigrationFolder + "/";
        var scripts = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(folder, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Read(assembly, name, name[folder.Length..]))
            .OrderBy(script => script.Version)
            .ToList();
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migration {scripts[i].Name} of {dialect.MigrationFolder} should be number {i + 1}.");
            }
        }

        return scripts.Count > 0 ? scripts : throw new InvalidOperationException($"No migrations embedded for {dialect.MigrationFolder}.");
    }

    private static MigrationScript Read(Assembly assembly, string resource, string name)
    {
        var match = ScriptName().Match(name);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Migration {name} is not named NNNN_description.sql.");
        }

        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return new MigrationScript(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), name, reader.ReadToEnd());
    }

    [GeneratedRegex(@"^(\d{4})_[a-z0-9_]+\.sql$")]
    private static partial Regex ScriptName();
}

/// <summary>One numbered schema script.</summary>
internal sealed record MigrationScript(int Version, string Name, string Sql);
