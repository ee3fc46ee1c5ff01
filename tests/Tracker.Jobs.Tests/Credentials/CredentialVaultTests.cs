using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tracker.Hadoop;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.Credentials;

public sealed class CredentialVaultTests : VaultTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private CredentialVault _vault = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _vault = NewVault();
    }

    private CredentialVault NewVault() => NewVault(new VaultOptions { TimeToLive = TimeSpan.FromDays(7) }, _time);

    [Fact]
    public async Task Credentials_RoundTrip_WithColonsInThePassword_AcrossInstances()
    {
        await _vault.StoreAsync("alice", KnoxCredentials.Basic("alice", "pa:ss:word"), CancellationToken.None);

        var back = await NewVault().GetAsync("alice", CancellationToken.None);

        Assert.Equal(KnoxCredentials.Basic("alice", "pa:ss:word"), back);
    }

    [Fact]
    public async Task BearerTokens_RoundTrip()
    {
        await _vault.StoreAsync("alice", KnoxCredentials.Bearer("token.value.sig"), CancellationToken.None);
        Assert.Equal(KnoxCredentials.Bearer("token.value.sig"), await _vault.GetAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task DatabaseFiles_NeverContainThePassword()
    {
        const string password = "very-secret-password-42";
        await _vault.StoreAsync("alice", KnoxCredentials.Basic("alice", password), CancellationToken.None);

        foreach (var file in Directory.GetFiles(Temp.Path, "jobs.db*"))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.DoesNotContain(password, Encoding.UTF8.GetString(bytes));
            Assert.DoesNotContain(password, Encoding.Unicode.GetString(bytes));
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"alice:{password}")), Encoding.UTF8.GetString(bytes));
        }
    }

    [Fact]
    public async Task Entries_ExpireAfterTheirTimeToLive()
    {
        await _vault.StoreAsync("alice", KnoxCredentials.Basic("alice", "secret"), CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        Assert.Null(await _vault.GetAsync("alice", CancellationToken.None));
        Assert.Null(await Store.GetCredentialAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task Refresh_StoresOnlyForUsersWithWork_AndForgetIfIdleDeletes()
    {
        await _vault.RefreshAsync("alice", KnoxCredentials.Basic("alice", "secret"), CancellationToken.None);
        Assert.Null(await Store.GetCredentialAsync("alice", CancellationToken.None));

        await Store.TrackAsync(new TrackedJob
        {
            Owner = "alice", JobId = "1-2-oozie-W", State = TrackingState.Tracking, NextPollAt = _time.GetUtcNow(), CreatedAt = _time.GetUtcNow(),
        }, CancellationToken.None);
        await _vault.RefreshAsync("alice", KnoxCredentials.Basic("alice", "secret"), CancellationToken.None);
        Assert.NotNull(await _vault.GetAsync("alice", CancellationToken.None));
        Assert.False(await _vault.ForgetIfIdleAsync("alice", CancellationToken.None));

        var job = await Store.TryAcquireAsync("alice", "1-2-oozie-W", "w", _time.GetUtcNow(), TimeSpan.FromMinutes(1), CancellationToken.None);
        await Store.SaveJobAsync(job! with { State = TrackingState.Done }, "w", release: false, CancellationToken.None);
        Assert.True(await _vault.ForgetIfIdleAsync("alice", CancellationToken.None));
        Assert.Null(await Store.GetCredentialAsync("alice", CancellationToken.None));
    }

    // Each way an entry leaves the vault: a user with nothing left to do, an expired entry found on read, the
    // worker's sweep of expired entries.
    [Theory]
    [InlineData("forget")]
    [InlineData("expired on read")]
    [InlineData("expiry sweep")]
    public async Task A_deleted_entry_leaves_no_ciphertext_in_the_database_WAL_or_shared_memory_files(string route)
    {
        await _vault.StoreAsync("alice", KnoxCredentials.Basic("alice", "very-secret-password-42"), CancellationToken.None);
        var ciphertext = await ReadCiphertextAsync("alice");
        // The first 20 bytes are Data Protection's magic header and key id, shared by every entry under the same key.
        var secretPart = ciphertext[20..];
        Assert.True(secretPart.Length >= 64);
        Assert.True(await FilesContainAsync(secretPart), "the entry's ciphertext should be in the files before the delete");

        switch (route)
        {
            case "forget":
                await _vault.ForgetAsync("alice", CancellationToken.None);
                break;
            case "expired on read":
                _time.Advance(TimeSpan.FromDays(8));
                Assert.Null(await _vault.GetAsync("alice", CancellationToken.None));
                break;
            default:
                Assert.Equal(1, await Store.DeleteExpiredCredentialsAsync(_time.GetUtcNow().AddDays(8), CancellationToken.None));
                break;
        }

        Assert.Null(await Store.GetCredentialAsync("alice", CancellationToken.None));
        // No 16-byte piece of it survives anywhere, not only the whole.
        for (var start = 0; start + 16 <= secretPart.Length; start += 16)
        {
            Assert.False(await FilesContainAsync(secretPart[start..(start + 16)]), $"ciphertext bytes {20 + start}.. survived the delete");
        }
    }

    private async Task<byte[]> ReadCiphertextAsync(string owner)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT protected FROM credentials WHERE owner = $owner;";
        command.Parameters.AddWithValue("$owner", owner);
        return Assert.IsType<byte[]>(await command.ExecuteScalarAsync());
    }

    private async Task<bool> FilesContainAsync(byte[] needle)
    {
        // SQLite removes the -wal and -shm files when the database's last connection closes, and another test's
        // ClearAllPools can close the store's idle ones at any moment: a connection of the test's own, outside any
        // pool, keeps the files there while they are read.
        await using var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await holder.OpenAsync();
        var files = Directory.GetFiles(Temp.Path, "jobs.db*");
        Assert.Contains(DatabasePath + "-wal", files);
        Assert.Contains(DatabasePath + "-shm", files);
        foreach (var file in files)
        {
            if ((await ReadSharedAsync(file)).AsSpan().IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
