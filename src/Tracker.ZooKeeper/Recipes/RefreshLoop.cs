namespace Tracker.ZooKeeper.Recipes;

/// <summary>
/// Runs a recipe's re-read one at a time, coalescing requests that arrive meanwhile into one more run,
/// so results are published in the order they were read. A failed read because the connection broke or
/// the session expired is not retried here: the recipe asks again when the client reports
/// <see cref="ZooKeeperState.Reconnected"/> or <see cref="ZooKeeperState.Connected"/>.
/// </summary>
internal sealed class RefreshLoop(Func<CancellationToken, Task> refresh, Diagnostics.ClientDiagnostics diagnostics, string what)
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _requested;
    private bool _stopped;
    private Task _running = Task.CompletedTask;

    /// <summary>Completes after the first read that succeeded.</summary>
    public Task FirstRead => _firstRead.Task;

    public void Request()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _requested = true;
            if (_running.IsCompleted)
            {
                _running = Task.Run(RunAsync);
            }
        }
    }

    /// <summary>Stops for good; waits for a read in progress unless called from inside it.</summary>
    public async Task StopAsync(bool fromCallback)
    {
        Task last;
        lock (_gate)
        {
            _stopped = true;
            last = _running;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _firstRead.TrySetCanceled();
        if (!fromCallback)
        {
            await last.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            lock (_gate)
            {
                if (!_requested || _stopped)
                {
                    _running = Task.CompletedTask;
                    return;
                }

                _requested = false;
            }

            try
            {
                await refresh(_stop.Token).ConfigureAwait(false);
                _firstRead.TrySetResult();
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
