using Microsoft.Extensions.Logging;

namespace Tracker.Sandbox.Hadoop.Oozie;

/// <summary>
/// Oozie's workflow job notification (<c>oozie.wf.workflow.notification.url</c>): a bare GET with <c>$jobId</c>
/// and <c>$status</c> replaced, sent on every status change; only a 200 counts as delivered, anything else is
/// retried up to three times (Oozie's NotificationXCommand re-queues each retry 60 s later). Statuses in the
/// emulator are read against the clock, so each job with a URL is watched until it ends.
/// </summary>
internal sealed class WorkflowNotifier(TimeProvider time, ILogger logger)
{
    public const string UrlProperty = "oozie.wf.workflow.notification.url";

    private const int MaxRetries = 3;

    // Oozie's oozie.notification.url.connection.timeout default.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>How often a watched job's status is read (the emulator's stand-in for Oozie's status-change events).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The wait before each retry (Oozie: 60 s).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    private int _sent;

    /// <summary>Notifications answered 200, for tests.</summary>
    public int Delivered => Volatile.Read(ref _sent);

    public void Watch(WorkflowJobModel job, IReadOnlyDictionary<string, string> properties)
    {
        if (properties.TryGetValue(UrlProperty, out var template) && !string.IsNullOrWhiteSpace(template))
        {
            _ = Task.Run(() => WatchAsync(job, template.Trim()));
        }
    }

    private async Task WatchAsync(WorkflowJobModel job, string template)
    {
        var last = job.Status(time.GetUtcNow());
        while (true)
        {
            await Task.Delay(CheckInterval, time);
            var status = job.Status(time.GetUtcNow());
            if (status != last)
            {
                last = status;
                await SendAsync(template.Replace("$jobId", job.Id, StringComparison.Ordinal).Replace("$status", status, StringComparison.Ordinal)
                    .Replace("$parentId", job.ParentId ?? "", StringComparison.Ordinal));
            }

            if (status is "SUCCEEDED" or "FAILED" or "KILLED")
            {
                return;
            }
        }
    }

    private async Task SendAsync(string url)
    {
        for (var attempt = 0; attempt <= MaxRetries; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(RetryDelay, time);
            }

            try
            {
                using var response = await Http.GetAsync(url);
                if ((int)response.StatusCode == 200)
                {
                    Interlocked.Increment(ref _sent);
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
            {
                // Oozie treats an I/O error like a non-200 answer: retry.
            }
        }

        _ = logger; // Oozie logs "could not send notification" and gives up; the emulator gives up silently.
    }
}
