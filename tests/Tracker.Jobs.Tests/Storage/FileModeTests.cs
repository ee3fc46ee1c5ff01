using System.Runtime.InteropServices;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tracker.Hadoop;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.Storage;

/// <summary>The umask is per process, so tests that change it run alone.</summary>
[CollectionDefinition(nameof(UmaskCollection), DisableParallelization = true)]
public sealed class UmaskCollection;

/// <summary>The job store's files and the key ring directory are private to the service's user whatever the umask.</summary>
[Collection(nameof(UmaskCollection))]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileModeTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerReadWrite | UnixFileMode.UserExecute;

    private readonly TempDirectory _temp = new();

    private string DatabasePath => Path.Combine(_temp.Path, "data", "jobs.db");

    private string KeyRingDirectory => Path.Combine(_temp.Path, "data", "keys");

    // 000 masks nothing (SQLite alone would create 0666 files), 022 is the usual default (0644),
    // 277 also masks the owner's write bit (a create mode of 0600 alone would give 0400).
    [Theory]
    [InlineData("000")]
    [InlineData("022")]
    [InlineData("277")]
    public async Task Store_files_are_0600_and_the_key_ring_directory_0700_whatever_the_umask(string umask)
    {
        var previous = SetUmask(Convert.ToUInt32(umask, 8));
        try
        {
            var store = JobStore.Sqlite(DatabasePath);
            await store.MigrateAsync(CancellationToken.None);
            await NewVault(store).StoreAsync("alice", KnoxCredentials.Basic("alice", "s3cret"), CancellationToken.None);

            // The pooled connection keeps the database open, so the WAL and shared-memory files exist now.
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(DatabasePath));
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(DatabasePath + "-wal"));
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(DatabasePath + "-shm"));
            Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(KeyRingDirectory));
            Assert.Single(Directory.GetFiles(KeyRingDirectory, "key-*.xml"));
        }
        finally
        {
            SetUmask(previous);
        }
    }

    [Fact]
    public async Task Files_and_directories_left_wider_by_an_older_version_are_tightened()
    {
        var store = JobStore.Sqlite(DatabasePath);
        await store.MigrateAsync(CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(DatabasePath, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Directory.CreateDirectory(KeyRingDirectory);
        File.SetUnixFileMode(KeyRingDirectory, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        await JobStore.Sqlite(DatabasePath).MigrateAsync(CancellationToken.None);
        NewVault(store);

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(DatabasePath));
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(KeyRingDirectory));
    }

    public void Dispose() => _temp.Dispose();

    private CredentialVault NewVault(JobStore store)
    {
        var options = new VaultOptions();
        var services = new ServiceCollection();
        KeyRing.Configure(services.AddDataProtection(), KeyRingDirectory, options);
        var protection = services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
        return new CredentialVault(store, protection, Options.Create(options), TimeProvider.System);
    }

    private static uint SetUmask(uint mask) => umask(mask);

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint umask(uint mask);
}
