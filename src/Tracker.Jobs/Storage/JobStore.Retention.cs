using System.Data.Common;
using Tracker.Jobs.Storage.Dialects;

namespace Tracker.Jobs.Storage;

/// <summary>Pins and retention's claims; see <see cref="IRetentionStore"/>.</summary>
internal sealed partial class JobStore : IRetentionStore
{
    // Which jobs retention may take, for the listing and again in the claim itself, so a row that changed in between
    // (pinned, re-copied, leased) is left alone. The reference time is when the job's last copy finished: the
    // largest updated_at of its copies, all of them ended and at least one saved. Jobs with uncleaned workflow
    // directories wait: their attempt rows are how those directories get removed.
    private const string Expired = """
        t.pinned = 0 AND (
            (t.deleting = 1 AND (t.lease_owner IS NULL OR t.lease_expires_at < @now))
            OR (t.deleting = 0 AND t.state = 'done' AND (t.lease_owner IS NULL OR t.lease_expires_at < @now)
                AND EXISTS (SELECT 1 FROM application_copies c
                            WHERE c.owner = t.owner AND c.job_id = t.job_id AND c.state = 'succeeded')
                AND NOT EXISTS (SELECT 1 FROM application_copies c
                                WHERE c.owner = t.owner AND c.job_id = t.job_id
                                  AND (c.state NOT IN ('succeeded', 'failed') OR c.updated_at >= @saved_before))
                AND NOT EXISTS (SELECT 1 FROM copy_attempts a
                                WHERE a.owner = t.owner AND a.job_id = t.job_id AND a.cleaned = 0)))
        """;

    public async Task<bool?> SetPinnedAsync(string owner, string jobId, bool pinned, CancellationToken cancellationToken)
        => await ExecuteAsync("UPDATE tracked_jobs SET pinned = @pinned WHERE owner = @owner AND job_id = @job_id AND deleting = 0;",
            c => BindKey(c, owner, jobId).Bind("pinned", pinned), cancellationToken) == 1 ? pinned : null;

    public Task<IReadOnlyList<RetentionCandidate>> FindExpiredAsync(DateTimeOffset savedBefore, DateTimeOffset now, int max, CancellationToken cancellationToken)
        => QueryAsync<RetentionCandidate>($"SELECT t.owner, t.job_id FROM tracked_jobs AS t WHERE {Expired} ORDER BY t.deleting DESC, t.owner, t.job_id LIMIT @max;",
            c => c.Bind("saved_before", savedBefore).Bind("now", now).Bind("max", (long)max),
            _ => r => new RetentionCandidate(r.GetString(0), r.GetString(1)), cancellationToken);

    public async Task<bool> ClaimForDeletionAsync(
        RetentionCandidate job, DateTimeOffset savedBefore, string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int claimed;
        await using (var claim = connection.Command($"""
            UPDATE tracked_jobs AS t SET deleting = 1, lease_owner = @lease_owner, lease_expires_at = @lease_expires_at
            WHERE t.owner = @owner AND t.job_id = @job_id AND {Expired};
            """, transaction))
        {
            BindKey(claim, job.Owner, job.JobId).Bind("saved_before", savedBefore).Bind("now", now)
                .Bind("lease_owner", leaseOwner).Bind("lease_expires_at", now + leaseDuration);
            claimed = await claim.ExecuteNonQueryAsync(cancellationToken);
        }

        if (claimed == 1)
        {
            await DeleteRowsAsync(connection, transaction, "application_copies", job, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return claimed == 1;
    }

    public async Task<bool> DeleteClaimedAsync(RetentionCandidate job, string leaseOwner, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int deleted;
        await using (var command = connection.Command(
            "DELETE FROM tracked_jobs WHERE owner = @owner AND job_id = @job_id AND deleting = 1 AND lease_owner = @lease_owner;", transaction))
        {
            BindKey(command, job.Owner, job.JobId).Bind("lease_owner", leaseOwner);
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (deleted == 1)
        {
            await DeleteRowsAsync(connection, transaction, "application_copies", job, cancellationToken);
            await DeleteRowsAsync(connection, transaction, "copy_attempts", job, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    private static async Task DeleteRowsAsync(DbConnection connection, DbTransaction transaction, string table, RetentionCandidate job, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"DELETE FROM {table} WHERE owner = @owner AND job_id = @job_id;", transaction);
        BindKey(command, job.Owner, job.JobId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
