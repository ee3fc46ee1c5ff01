using System.Threading.Channels;
using Tracker.ZooKeeper.Diagnostics;

namespace Tracker.ZooKeeper.Session;

/// <summary>
/// Runs state-change handlers and watch callbacks one at a time, in the order the client observed them,
/// away from the socket reader so a slow callback never stalls replies.
/// </summary>
internal sealed class EventDispatcher
{
    private readonly Channel<Action> queue = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ClientDiagnostics diagnostics;
    private readonly Task pump;
    private int pumpThread;

    public EventDispatcher(ClientDiagnostics diagnostics)
    {
        this.diagnostics = diagnostics;
        pump = Task.Run(PumpAsync);
    }

    /// <summary>True when called from inside a callback (waiting for the pump there would deadlock).</summary>
    public bool InCallback => Volatile.Read(ref pumpThread) == Environment.CurrentManagedThreadId;

    public void Post(Action callback) => queue.Writer.TryWrite(callback);

    /// <summary>Runs what is queued, then stops; nothing posted afterwards runs.</summary>
    public Task CompleteAsync()
    {
        queue.Writer.TryComplete();
        return InCallback ? Task.CompletedTask : pump;
    }

    private async Task PumpAsync()
    {
        await foreach (var callback in queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Volatile.Write(ref pumpThread, Environment.CurrentManagedThreadId);
            try
            {
                callback();
            }
            catch (Exception e)
            {
                diagnostics.CallbackFailed(e);
            }
            finally
            {
                Volatile.Write(ref pumpThread, 0);
            }
        }
    }
}
