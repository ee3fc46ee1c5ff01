using System.Data.Common;
using Tracker.Jobs.Storage.Dialects;
using static Tracker.Jobs.Storage.StoreRows;

namespace Tracker.Jobs.Storage;

/// <summary>Application copies, their attempts, and the vault's encrypted credentials.</summary>
internal sealed partial class JobStore
{
    public Task<IReadOnlyList<ApplicationCopy>> GetCopiesAsync(string owner, string jobId, CancellationToken cancellationToken)
        => QueryAsync($"SELECT {CopyColumns} FROM application_copies WHERE owner = @owner AND job_id = @job_id ORDER BY application_id;",
            c => BindKey(c, owner, jobId), CopyRows, cancellationToken);

    public Task<IReadOnlyList<ApplicationCopy>> GetCopiesAsync(string owner, CancellationToken cancellationToken)
        => QueryAsync($"SELECT {CopyColumns} FROM application_copies WHERE owner = @owner ORDER BY job_id, application_id;",
            c => c.Bind("owner", owner), CopyRows, cancellationToken);

    public async Task SaveCopyAsync(ApplicationCopy copy, CopyAttempt? attempt, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.Command("""
            INSERT INTO application_copies (owner, job_id, application_id, state, attempt, workflow_id, app_path, partial,
                                            next_attempt_at, error, updated_at)
            VALUES (@owner, @job_id, @application_id, @state, @attempt, @workflow_id, @app_path, @partial, @next_attempt_at, @error, @updated_at)
            ON CONFLICT (owner, job_id, application_id) DO UPDATE SET
                state = excluded.state, attempt = excluded.attempt, workflow_id = excluded.workflow_id, app_path = excluded.app_path,
                partial = excluded.partial, next_attempt_at = excluded.next_attempt_at, error = excluded.error, updated_at = excluded.updated_at;
            """, transaction))
        {
            BindKey(command, copy.Owner, copy.JobId)
                .Bind("application_id", copy.ApplicationId)
                .Bind("state", Name(copy.State))
                .Bind("attempt", (long)copy.Attempt)
                .Bind("workflow_id", copy.WorkflowId)
                .Bind("app_path", copy.AppPath)
                .Bind("partial", copy.Partial)
                .Bind("next_attempt_at", copy.NextAttemptAt)
                .Bind("error", copy.Error)
                .Bind("updated_at", copy.UpdatedAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (attempt is not null)
        {
            await SaveAttemptAsync(connection, transaction, attempt, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<CopyAttempt>> GetAttemptsAsync(string owner, string jobId, CancellationToken cancellationToken)
        => QueryAsync($"SELECT {AttemptColumns} FROM copy_attempts WHERE owner = @owner AND job_id = @job_id ORDER BY application_id, attempt;",
            c => BindKey(c, owner, jobId), AttemptRows, cancellationToken);

    public async Task SaveAttemptAsync(CopyAttempt attempt, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.DataSource.OpenConnectionAsync(cancellationToken);
        await SaveAttemptAsync(connection, null, attempt, cancellationToken);
    }

    public async Task<StoredCredential?> GetCredentialAsync(string owner, CancellationToken cancellationToken)
        => (await QueryAsync($"SELECT {CredentialColumns} FROM credentials WHERE owner = @owner;",
            c => c.Bind("owner", owner), CredentialRows, cancellationToken)).SingleOrDefault();

    public async Task PutCredentialAsync(StoredCredential credential, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenErasingAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO credentials (owner, protected, expires_at, updated_at) VALUES (@owner, @protected, @expires_at, @updated_at)
            ON CONFLICT (owner) DO UPDATE SET protected = excluded.protected, expires_at = excluded.expires_at, updated_at = excluded.updated_at;
            """);
        command.Bind("owner", credential.Owner).Bind("protected", credential.Protected)
            .Bind("expires_at", credential.ExpiresAt).Bind("updated_at", credential.UpdatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task DeleteCredentialAsync(string owner, CancellationToken cancellationToken)
        => DeleteCredentialsAsync("DELETE FROM credentials WHERE owner = @owner;", c => c.Bind("owner", owner), cancellationToken);

    public Task<int> DeleteExpiredCredentialsAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => DeleteCredentialsAsync("DELETE FROM credentials WHERE expires_at <= @now;", c => c.Bind("now", now), cancellationToken);

    private async Task<int> DeleteCredentialsAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenErasingAsync(cancellationToken);
        await using var command = connection.Command(sql);
        bind(command);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (deleted > 0)
        {
            await _dialect.AfterCredentialsDeletedAsync(connection, cancellationToken);
        }

        return deleted;
    }

    private static async Task SaveAttemptAsync(DbConnection connection, DbTransaction? transaction, CopyAttempt attempt, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("""
            INSERT INTO copy_attempts (owner, job_id, application_id, attempt, workflow_id, app_path, ended, cleaned)
            VALUES (@owner, @job_id, @application_id, @attempt, @workflow_id, @app_path, @ended, @cleaned)
            ON CONFLICT (owner, job_id, app_path) DO UPDATE SET
                workflow_id = excluded.workflow_id, attempt = excluded.attempt, ended = excluded.ended, cleaned = excluded.cleaned;
            """, transaction);
        BindKey(command, attempt.Owner, attempt.JobId)
            .Bind("application_id", attempt.ApplicationId)
            .Bind("attempt", (long)attempt.Attempt)
            .Bind("workflow_id", attempt.WorkflowId)
            .Bind("app_path", attempt.AppPath)
            .Bind("ended", attempt.Ended)
            .Bind("cleaned", attempt.Cleaned);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
