using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.Credentials;

/// <summary>Vaults over a migrated SQLite store and a key ring in a fresh directory, with Data Protection configured as the service configures it.</summary>
public abstract class VaultTests : IAsyncLifetime, IDisposable
{
    private protected TempDirectory Temp { get; } = new();

    private protected JobStore Store { get; private set; } = null!;

    protected string KeyRingDirectory => Path.Combine(Temp.Path, "keys");

    protected string DatabasePath => Path.Combine(Temp.Path, "jobs.db");

    public virtual async Task InitializeAsync()
    {
        Store = JobStore.Sqlite(DatabasePath);
        await Store.MigrateAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A fresh vault, as after a restart: its keys are read back from disk.</summary>
    private protected CredentialVault NewVault(VaultOptions options, TimeProvider time)
    {
        var services = new ServiceCollection();
        KeyRing.Configure(services.AddDataProtection(), KeyRingDirectory, options);
        var protection = services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
        return new CredentialVault(Store, protection, Options.Create(options), time);
    }
}
