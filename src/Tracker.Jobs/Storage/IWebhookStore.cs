namespace Tracker.Jobs.Storage;

/// <summary>
/// Webhooks and their outbox: a delivery row is written when an event is recorded and before anything is sent, so
/// a process killed in between leaves the row for the sender of the next process (or of another replica).
/// </summary>
internal interface IWebhookStore
{
    Task AddWebhookAsync(Webhook webhook, CancellationToken cancellationToken);

    Task<Webhook?> GetWebhookAsync(string owner, string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Webhook>> ListWebhooksAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Removes the webhook with its deliveries; false when the owner has no such webhook.</summary>
    Task<bool> DeleteWebhookAsync(string owner, string id, CancellationToken cancellationToken);

    /// <summary>
    /// One pending delivery for every webhook of the owner subscribed to the event, in one statement; an event
    /// already recorded for the same webhook and job is not recorded again. Returns how many rows were written.
    /// </summary>
    Task<int> EnqueueAsync(string owner, string jobId, string eventName, string payload, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Takes up to <paramref name="max"/> due, unleased pending deliveries with their webhook.</summary>
    Task<IReadOnlyList<DueDelivery>> AcquireDeliveriesAsync(string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Records one attempt and moves the delivery on (delivered, failed for good, or due again at
    /// <paramref name="nextAttemptAt"/>), releasing the lease; only while <paramref name="leaseOwner"/> holds it.
    /// </summary>
    Task RecordAttemptAsync(string deliveryId, string leaseOwner, DeliveryAttempt attempt, DeliveryState state, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string owner, string webhookId, CancellationToken cancellationToken);
}

/// <summary>A user's subscription; <see cref="ProtectedSecret"/> is the Data Protection payload of the signing key.</summary>
internal sealed record Webhook(
    string Id, string Owner, string Url, IReadOnlyList<string> Events, string Format, byte[] ProtectedSecret, DateTimeOffset CreatedAt);

internal enum DeliveryState
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One POST to a webhook's target: the status it answered, or why none came.</summary>
internal sealed record DeliveryAttempt(int Number, DateTimeOffset At, int? StatusCode, string? Error);

/// <summary>An outbox row with the attempts made so far.</summary>
internal sealed record WebhookDelivery(
    string Id, string WebhookId, string Event, string JobId, string Payload, DeliveryState State, int Attempts,
    DateTimeOffset NextAttemptAt, DateTimeOffset CreatedAt, IReadOnlyList<DeliveryAttempt> History);

/// <summary>A delivery taken by a sender, with what it needs to send it.</summary>
internal sealed record DueDelivery(string Id, string Event, string JobId, string Payload, int Attempts, Webhook Webhook);
