using System.Threading.Channels;
using Tracker.ZooKeeper.Diagnostics;

namespace Tracker.ZooKeeper.Session;

/// <summary>
/// Runs state-change handlers and watch callbacks one at a time, in the order the client observed them,
/// away from the socket reader so a slow callback never stalls replies.
/// </summary>
internal sealed class EventDispatcher
{
    private readonly Channel<Action> _queue = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ClientDiagnostics _diagnostics;
    private readonly Task _pump;
    private int _pumpThread;

    public EventDispatcher(ClientDiagnostics diagnostics)
    {
        this._diagnostics = diagnostics;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>True when called from inside a callback (waiting for the pump there would deadlock).</summary>
    public bool InCallback => Volatile.Read(ref _pumpThread) == Environment.CurrentManagedThreadId;

    public void Post(Action callback) => _queue.Writer.TryWrite(callback);

    /// <summary>Runs what is queued, then stops; nothing posted afterwards runs.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return InCallback ? Task.CompletedTask : _pump;
    }

    private async Task PumpAsync()
    {
        await foreach (var callback in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Volatile.Write(ref _pumpThread, Environment.CurrentManagedThreadId);
            try
            {
                callback();
            }
            catch (Exception e)
            {
                _diagnostics.CallbackFailed(e);
            }
            finally
            {
                Volatile.Write(ref _pumpThread, 0);
            }
        }
    }
}
