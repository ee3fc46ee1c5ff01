using Microsoft.Extensions.Hosting;

namespace Tracker.Jobs.Storage;

/// <summary>
/// Brings the store's schema up to date as the host starts. <see cref="IHostedLifecycleService.StartingAsync"/> runs
/// before any hosted service's StartAsync (the tracking worker's, the web server's), so no request and no worker
/// round sees an old schema; a database that cannot be reached ends start-up with its provider's exception.
/// </summary>
internal sealed class JobStoreMigration(IJobStore store) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
