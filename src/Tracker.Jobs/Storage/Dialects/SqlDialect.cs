using System.Data.Common;

namespace Tracker.Jobs.Storage.Dialects;

/// <summary>
/// What differs between the databases <see cref="JobStore"/> runs on. The statements themselves are shared and
/// take every value as a parameter (<c>@name</c>, which both providers understand); a dialect contributes only
/// fixed SQL words (function names, a lock clause) and the connection-level behaviour around them.
/// </summary>
internal abstract class SqlDialect : IAsyncDisposable
{
    /// <summary>How the health check names the store.</summary>
    public abstract string DisplayName { get; }

    /// <summary>The folder of embedded migration scripts under <c>Storage/Migrations</c>.</summary>
    public abstract string MigrationFolder { get; }

    /// <summary>The two-argument smaller-of function (<c>LEAST</c> in PostgreSQL, scalar <c>MIN</c> in SQLite).</summary>
    public abstract string Least { get; }

    /// <summary>The two-argument larger-of function.</summary>
    public abstract string Greatest { get; }

    /// <summary>Appended to the sub-select that picks due jobs, so concurrent sweeps split them instead of colliding.</summary>
    public abstract string ClaimLock { get; }

    public abstract DbDataSource DataSource { get; }

    /// <summary>Makes the database reachable before the first migration (files, journal mode); nothing for a server.</summary>
    public virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Begins the migration transaction, holding a lock that serialises migrating processes until it ends.</summary>
    public abstract Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A connection for statements that write or delete credentials.</summary>
    public virtual async Task<DbConnection> OpenErasingAsync(CancellationToken cancellationToken)
        => await DataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Runs after credentials were deleted on a connection from <see cref="OpenErasingAsync"/>.</summary>
    public virtual Task AfterCredentialsDeletedAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
