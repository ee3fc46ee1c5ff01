using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Tracker.Hosting;

/// <summary>A started Tracker: the web application plus, with <c>--sandbox</c>, the emulated cluster it talks to.</summary>
public sealed class TrackerApp(WebApplication app, IReadOnlyList<IAsyncDisposable> sandbox) : IAsyncDisposable
{
    public WebApplication App { get; } = app;

    public IServiceProvider Services => App.Services;

    /// <summary>The first address Kestrel bound, with the real port when the configured one was 0.</summary>
    public Uri Url
    {
        get
        {
            var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
            var first = addresses?.Addresses.FirstOrDefault() ?? throw new InvalidOperationException("Tracker is not listening.");
            return new Uri(first.Replace("://[::]", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1"));
        }
    }

    public Task WaitForShutdownAsync() => App.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
        }
        finally
        {
            await App.DisposeAsync();
            // The sandbox is the outside world: it goes after the tracker, in reverse order of start.
            for (var i = sandbox.Count - 1; i >= 0; i--)
            {
                await sandbox[i].DisposeAsync();
            }
        }
    }
}
