namespace Tracker.ZooKeeper.Recipes;

/// <summary>
/// Runs a recipe's re-read one at a time, coalescing requests that arrive meanwhile into one more run,
/// so results are published in the order they were read. A failed read because the connection broke or
/// the session expired is not retried here: the recipe asks again when the client reports
/// <see cref="ZooKeeperState.Reconnected"/> or <see cref="ZooKeeperState.Connected"/>.
/// </summary>
internal sealed class RefreshLoop(Func<CancellationToken, Task> refresh, Diagnostics.ClientDiagnostics diagnostics, string what)
{
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool requested;
    private bool stopped;
    private Task running = Task.CompletedTask;

    /// <summary>Completes after the first read that succeeded.</summary>
    public Task FirstRead => firstRead.Task;

    public void Request()
    {
        lock (gate)
        {
            if (stopped)
            {
                return;
            }

            requested = true;
            if (running.IsCompleted)
            {
                running = Task.Run(RunAsync);
            }
        }
    }

    /// <summary>Stops for good; waits for a read in progress unless called from inside it.</summary>
    public async Task StopAsync(bool fromCallback)
    {
        Task last;
        lock (gate)
        {
            stopped = true;
            last = running;
        }

        await stop.CancelAsync().ConfigureAwait(false);
        firstRead.TrySetCanceled();
        if (!fromCallback)
        {
            await last.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            lock (gate)
            {
                if (!requested || stopped)
                {
                    running = Task.CompletedTask;
                    return;
                }

                requested = false;
            }

            try
            {
                await refresh(stop.Token).ConfigureAwait(false);
                firstRead.TrySetResult();
            }
            catch (Exception e) when (e is ConnectionLossException or SessionExpiredException or OperationCanceledException or ObjectDisposedException)
            {
                // Read again on the next state change (or never: the recipe or client is being disposed).
            }
            catch (Exception e)
            {
                diagnostics.ReadFailed(what, e);
            }
        }
    }
}
