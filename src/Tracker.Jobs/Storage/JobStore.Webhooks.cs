using System.Data.Common;
using Tracker.Jobs.Storage.Dialects;

namespace Tracker.Jobs.Storage;

/// <summary>The webhooks and their outbox (<see cref="IWebhookStore"/>), leased like jobs so replicas share the sending.</summary>
internal sealed partial class JobStore : IWebhookStore
{
    private const string WebhookColumns = "id, owner, url, events, format, secret, created_at";

    public Task AddWebhookAsync(Webhook webhook, CancellationToken cancellationToken)
        => ExecuteAsync("""
            INSERT INTO webhooks (id, owner, url, events, format, secret, created_at)
            VALUES (@id, @owner, @url, @events, @format, @secret, @created_at);
            """,
            c => c.Bind("id", webhook.Id).Bind("owner", webhook.Owner).Bind("url", webhook.Url)
                .Bind("events", "," + string.Join(',', webhook.Events) + ",").Bind("format", webhook.Format)
                .Bind("secret", webhook.ProtectedSecret).Bind("created_at", webhook.CreatedAt),
            cancellationToken);

    public async Task<Webhook?> GetWebhookAsync(string owner, string id, CancellationToken cancellationToken)
        => (await QueryAsync($"SELECT {WebhookColumns} FROM webhooks WHERE owner = @owner AND id = @id;",
            c => c.Bind("owner", owner).Bind("id", id), WebhookRows, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<Webhook>> ListWebhooksAsync(string owner, CancellationToken cancellationToken)
        => QueryAsync($"SELECT {WebhookColumns} FROM webhooks WHERE owner = @owner ORDER BY created_at, id;",
            c => c.Bind("owner", owner), WebhookRows, cancellationToken);

    public async Task<bool> DeleteWebhookAsync(string owner, string id, CancellationToken cancellationToken)
    {
        if (await ExecuteAsync("DELETE FROM webhooks WHERE owner = @owner AND id = @id;", c => c.Bind("owner", owner).Bind("id", id), cancellationToken) == 0)
        {
            return false;
        }

        // The webhook row went first: a sender holding one of these deliveries then finds no webhook to sign with.
        await ExecuteAsync("""
            DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE webhook_id = @id);
            DELETE FROM webhook_deliveries WHERE webhook_id = @id;
            """, c => c.Bind("id", id), cancellationToken);
        return true;
    }

    public Task<int> EnqueueAsync(string owner, string jobId, string eventName, string payload, DateTimeOffset now, CancellationToken cancellationToken)
        => ExecuteAsync("""
            INSERT INTO webhook_deliveries (id, webhook_id, owner, event, job_id, payload, state, attempts, next_attempt_at, created_at)
            SELECT w.id || ':' || @event || ':' || @job_id, w.id, w.owner, @event, @job_id, @payload, 'pending', 0, @now, @now
            FROM webhooks w WHERE w.owner = @owner AND w.events LIKE @pattern
            ON CONFLICT DO NOTHING;
            """,
            c => c.Bind("owner", owner).Bind("job_id", jobId).Bind("event", eventName).Bind("payload", payload).Bind("now", now)
                .Bind("pattern", "%," + eventName + ",%"),
            cancellationToken);

    // Two statements rather than one: SQLite takes no UPDATE inside a WITH, and RETURNING names only the updated table.
    public async Task<IReadOnlyList<DueDelivery>> AcquireDeliveriesAsync(
        string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken)
    {
        var taken = await QueryAsync($"""
            UPDATE webhook_deliveries SET lease_owner = @lease_owner, lease_expires_at = @lease_expires_at
            WHERE id IN (
                SELECT id FROM webhook_deliveries
                WHERE state = 'pending' AND next_attempt_at <= @now AND (lease_owner IS NULL OR lease_expires_at < @now)
                ORDER BY next_attempt_at LIMIT @max {_dialect.ClaimLock})
            RETURNING id, webhook_id, event, job_id, payload, attempts;
            """,
            c => c.Bind("lease_owner", leaseOwner).Bind("lease_expires_at", now + leaseDuration).Bind("now", now).Bind("max", (long)max),
            TakenRows, cancellationToken);
        var due = new List<DueDelivery>(taken.Count);
        var webhooks = new Dictionary<string, Webhook?>(StringComparer.Ordinal);
        foreach (var row in taken)
        {
            if (!webhooks.TryGetValue(row.WebhookId, out var webhook))
            {
                webhook = (await QueryAsync($"SELECT {WebhookColumns} FROM webhooks WHERE id = @id;",
                    c => c.Bind("id", row.WebhookId), WebhookRows, cancellationToken)).SingleOrDefault();
                webhooks[row.WebhookId] = webhook;
            }

            // A webhook deleted meanwhile took its deliveries with it; nothing is left to send.
            if (webhook is not null)
            {
                due.Add(row.Delivery with { Webhook = webhook });
            }
        }

        return due;
    }

    public async Task RecordAttemptAsync(
        string deliveryId, string leaseOwner, DeliveryAttempt attempt, DeliveryState state, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        var updated = await ExecuteAsync("""
            UPDATE webhook_deliveries SET state = @state, attempts = @attempt, next_attempt_at = @next, last_status = @status, last_error = @error,
                lease_owner = NULL, lease_expires_at = NULL
            WHERE id = @id AND lease_owner = @lease_owner;
            """,
            c => c.Bind("id", deliveryId).Bind("lease_owner", leaseOwner).Bind("state", DeliveryName(state)).Bind("attempt", (long)attempt.Number)
                .Bind("next", nextAttemptAt).Bind("status", (long?)attempt.StatusCode).Bind("error", attempt.Error),
            cancellationToken);
        if (updated == 1)
        {
            await ExecuteAsync("""
                INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error) VALUES (@id, @attempt, @at, @status, @error)
                ON CONFLICT DO NOTHING;
                """,
                c => c.Bind("id", deliveryId).Bind("attempt", (long)attempt.Number).Bind("at", attempt.At)
                    .Bind("status", (long?)attempt.StatusCode).Bind("error", attempt.Error),
                cancellationToken);
        }
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string owner, string webhookId, CancellationToken cancellationToken)
    {
        var attempts = await QueryAsync("""
            SELECT a.delivery_id, a.attempt, a.at, a.status_code, a.error FROM webhook_attempts a
            JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.owner = @owner AND d.webhook_id = @webhook_id ORDER BY a.attempt;
            """,
            c => c.Bind("owner", owner).Bind("webhook_id", webhookId), AttemptHistoryRows, cancellationToken);
        var byDelivery = attempts.ToLookup(a => a.DeliveryId, a => a.Attempt);
        return await QueryAsync("""
            SELECT id, webhook_id, event, job_id, payload, state, attempts, next_attempt_at, created_at FROM webhook_deliveries
            WHERE owner = @owner AND webhook_id = @webhook_id ORDER BY created_at, id;
            """,
            c => c.Bind("owner", owner).Bind("webhook_id", webhookId),
            reader => DeliveryRows(reader, byDelivery), cancellationToken);
    }

    private static Func<DbDataReader, Webhook> WebhookRows(DbDataReader reader)
    {
        Func<string, int> c = reader.GetOrdinal;
        int id = c("id"), owner = c("owner"), url = c("url"), events = c("events"), format = c("format"), secret = c("secret"), created = c("created_at");
        return r => new Webhook(r.GetString(id), r.GetString(owner), r.GetString(url),
            r.GetString(events).Split(',', StringSplitOptions.RemoveEmptyEntries), r.GetString(format),
            r.GetFieldValue<byte[]>(secret), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(created)));
    }

    private static Func<DbDataReader, (string WebhookId, DueDelivery Delivery)> TakenRows(DbDataReader reader)
    {
        Func<string, int> c = reader.GetOrdinal;
        int id = c("id"), webhookId = c("webhook_id"), ev = c("event"), jobId = c("job_id"), payload = c("payload"), attempts = c("attempts");
        return r => (r.GetString(webhookId),
            new DueDelivery(r.GetString(id), r.GetString(ev), r.GetString(jobId), r.GetString(payload), checked((int)r.GetInt64(attempts)), null!));
    }

    private static Func<DbDataReader, (string DeliveryId, DeliveryAttempt Attempt)> AttemptHistoryRows(DbDataReader reader)
    {
        Func<string, int> c = reader.GetOrdinal;
        int id = c("delivery_id"), attempt = c("attempt"), at = c("at"), status = c("status_code"), error = c("error");
        return r => (r.GetString(id), new DeliveryAttempt(checked((int)r.GetInt64(attempt)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(at)),
            r.IsDBNull(status) ? null : checked((int)r.GetInt64(status)), r.IsDBNull(error) ? null : r.GetString(error)));
    }

    private static Func<DbDataReader, WebhookDelivery> DeliveryRows(DbDataReader reader, ILookup<string, DeliveryAttempt> history)
    {
        Func<string, int> c = reader.GetOrdinal;
        int id = c("id"), webhookId = c("webhook_id"), ev = c("event"), jobId = c("job_id"), payload = c("payload"), state = c("state"),
            attempts = c("attempts"), next = c("next_attempt_at"), created = c("created_at");
        return r => new WebhookDelivery(r.GetString(id), r.GetString(webhookId), r.GetString(ev), r.GetString(jobId), r.GetString(payload),
            ParseDeliveryState(r.GetString(state)), checked((int)r.GetInt64(attempts)),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(next)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(created)),
            [.. history[r.GetString(id)]]);
    }

    private static string DeliveryName(DeliveryState state) => state switch
    {
        DeliveryState.Pending => "pending",
        DeliveryState.Delivered => "delivered",
        DeliveryState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a delivery state"),
    };

    private static DeliveryState ParseDeliveryState(string text) => text switch
    {
        "pending" => DeliveryState.Pending,
        "delivered" => DeliveryState.Delivered,
        "failed" => DeliveryState.Failed,
        _ => throw new InvalidDataException($"The job store holds '{text}', which is not a delivery state this version knows."),
    };
}
