using Tracker.Jobs.Storage;

namespace Tracker.Jobs.Tests.Storage;

/// <summary>The webhook outbox's contract, run on both databases with the rest of <see cref="JobStoreContractTests"/>.</summary>
public abstract partial class JobStoreContractTests
{
    private IWebhookStore Webhooks => (IWebhookStore)Store;

    private static Webhook Hook(string id, string owner, params string[] events)
        => new(id, owner, "https://hooks.example/" + id, events, "json", [1, 2, 3], Start);

    [Fact]
    public async Task Webhooks_AreTheOwnersOnly_AndDeleteTakesTheirDeliveries()
    {
        await Webhooks.AddWebhookAsync(Hook("w1", "alice", "logs.saved"), CancellationToken.None);
        Assert.Null(await Webhooks.GetWebhookAsync("bob", "w1", CancellationToken.None));
        Assert.Empty(await Webhooks.ListWebhooksAsync("bob", CancellationToken.None));
        var stored = await Webhooks.GetWebhookAsync("alice", "w1", CancellationToken.None);
        Assert.Equal(["logs.saved"], stored!.Events);
        Assert.Equal(new byte[] { 1, 2, 3 }, stored.ProtectedSecret);

        await Webhooks.EnqueueAsync("alice", "1-2-oozie-W", "logs.saved", "{}", Start, CancellationToken.None);
        Assert.False(await Webhooks.DeleteWebhookAsync("bob", "w1", CancellationToken.None));
        Assert.True(await Webhooks.DeleteWebhookAsync("alice", "w1", CancellationToken.None));
        Assert.Empty(await Webhooks.ListDeliveriesAsync("alice", "w1", CancellationToken.None));
    }

    [Fact]
    public async Task Enqueue_WritesOneRowPerSubscribedWebhook_Once()
    {
        await Webhooks.AddWebhookAsync(Hook("w1", "alice", "logs.saved", "job.ended"), CancellationToken.None);
        await Webhooks.AddWebhookAsync(Hook("w2", "alice", "copy.failed"), CancellationToken.None);
        await Webhooks.AddWebhookAsync(Hook("w3", "bob", "logs.saved"), CancellationToken.None);

        Assert.Equal(1, await Webhooks.EnqueueAsync("alice", "1-2-oozie-W", "logs.saved", "{\"a\":1}", Start, CancellationToken.None));
        // Recorded again (a worker redoing its round): still one delivery.
        Assert.Equal(0, await Webhooks.EnqueueAsync("alice", "1-2-oozie-W", "logs.saved", "{\"a\":1}", Start, CancellationToken.None));

        var delivery = Assert.Single(await Webhooks.ListDeliveriesAsync("alice", "w1", CancellationToken.None));
        Assert.Equal(("logs.saved", "1-2-oozie-W", DeliveryState.Pending), (delivery.Event, delivery.JobId, delivery.State));
        Assert.Empty(await Webhooks.ListDeliveriesAsync("alice", "w2", CancellationToken.None));
        Assert.Empty(await Webhooks.ListDeliveriesAsync("bob", "w3", CancellationToken.None));
    }

    [Fact]
    public async Task Deliveries_AreLeased_RetriedWhenDue_AndEveryAttemptRecorded()
    {
        await Webhooks.AddWebhookAsync(Hook("w1", "alice", "logs.saved"), CancellationToken.None);
        await Webhooks.EnqueueAsync("alice", "1-2-oozie-W", "logs.saved", "{}", Start, CancellationToken.None);

        var taken = Assert.Single(await Webhooks.AcquireDeliveriesAsync("one", Start, TimeSpan.FromMinutes(1), 10, CancellationToken.None));
        Assert.Equal("w1", taken.Webhook.Id);
        Assert.Empty(await Webhooks.AcquireDeliveriesAsync("two", Start, TimeSpan.FromMinutes(1), 10, CancellationToken.None));

        var retry = Start.AddSeconds(30);
        await Webhooks.RecordAttemptAsync(taken.Id, "one", new DeliveryAttempt(1, Start, 500, "HTTP 500"), DeliveryState.Pending, retry, CancellationToken.None);
        Assert.Empty(await Webhooks.AcquireDeliveriesAsync("two", Start.AddSeconds(1), TimeSpan.FromMinutes(1), 10, CancellationToken.None));
        var again = Assert.Single(await Webhooks.AcquireDeliveriesAsync("two", retry, TimeSpan.FromMinutes(1), 10, CancellationToken.None));
        Assert.Equal(1, again.Attempts);

        // A sender whose lease was taken over records nothing.
        await Webhooks.RecordAttemptAsync(taken.Id, "one", new DeliveryAttempt(2, retry, 200, null), DeliveryState.Delivered, retry, CancellationToken.None);
        await Webhooks.RecordAttemptAsync(again.Id, "two", new DeliveryAttempt(2, retry, 200, null), DeliveryState.Delivered, retry, CancellationToken.None);

        var delivery = Assert.Single(await Webhooks.ListDeliveriesAsync("alice", "w1", CancellationToken.None));
        Assert.Equal(DeliveryState.Delivered, delivery.State);
        Assert.Equal([500, 200], delivery.History.Select(a => a.StatusCode ?? 0));
        Assert.Empty(await Webhooks.AcquireDeliveriesAsync("three", retry.AddHours(1), TimeSpan.FromMinutes(1), 10, CancellationToken.None));
    }
}
