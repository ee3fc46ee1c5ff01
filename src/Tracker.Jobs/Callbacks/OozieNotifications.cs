using Microsoft.Extensions.DependencyInjection;
using Tracker.Hadoop;
using Tracker.Jobs.Authentication;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Callbacks;

/// <summary>What a notification led to.</summary>
internal enum NotificationOutcome
{
    /// <summary>The owner tracks the job: it is due now and the worker is woken.</summary>
    Woken,

    /// <summary>An untracked job Oozie shows the owner: it is tracked now.</summary>
    Tracked,

    /// <summary>Nothing recorded: no stored credentials, or Oozie does not show the owner such a job.</summary>
    Ignored,
}

/// <summary>
/// An Oozie notification for a token's owner. It is only a wake-up: the status in its query is never read, so a
/// repeated or forged one at worst makes the worker ask Oozie sooner, and polling stays the source of truth.
/// </summary>
internal sealed class OozieNotifications(ICallbackStore store, CredentialVault vault, TrackingSignal signal, TimeProvider time, IServiceProvider services)
{
    public async Task<NotificationOutcome> NotifyAsync(string owner, string jobId, CancellationToken cancellationToken)
    {
        if (await store.WakeJobAsync(owner, jobId, time.GetUtcNow(), cancellationToken))
        {
            signal.Wake();
            return NotificationOutcome.Woken;
        }

        // Oozie calls without credentials; the owner's stored ones (from their last authenticated request) are the
        // only ones to ask Oozie with. Without them nothing is recorded: the user's next request stores them.
        if (await vault.GetAsync(owner, cancellationToken) is not { } credentials)
        {
            return NotificationOutcome.Ignored;
        }

        try
        {
            // Resolved here, not injected: the job service needs the Knox clients, which exist only with a gateway,
            // and an unknown token must be answered without them.
            var jobs = services.GetRequiredService<JobService>();
            // Not an admin even if the owner is one: a token only ever tracks its owner's own jobs.
            var tracked = await jobs.TrackAsync(new Caller(owner, credentials, IsAdmin: false), [jobId], cancellationToken);
            return tracked.Count > 0 ? NotificationOutcome.Tracked : NotificationOutcome.Ignored;
        }
        catch (KnoxAuthenticationException)
        {
            // Stored credentials Knox now refuses: Oozie's retries would be refused the same way.
            return NotificationOutcome.Ignored;
        }
    }
}
