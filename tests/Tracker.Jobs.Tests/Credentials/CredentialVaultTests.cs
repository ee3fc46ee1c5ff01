using System.Text;
using Tracker.Hadoop;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.Credentials;

public sealed class CredentialVaultTests : VaultTests
{
    private readonly ManualTimeProvider time = new(DateTimeOffset.UtcNow);
    private CredentialVault vault = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        vault = NewVault();
    }

    private CredentialVault NewVault() => NewVault(new VaultOptions { TimeToLive = TimeSpan.FromDays(7) }, time);

    [Fact]
    public async Task Credentials_RoundTrip_WithColonsInThePassword_AcrossInstances()
    {
        await vault.StoreAsync("alice", KnoxCredentials.Basic("alice", "pa:ss:word"), CancellationToken.None);

        var back = await NewVault().GetAsync("alice", CancellationToken.None);

        Assert.Equal(KnoxCredentials.Basic("alice", "pa:ss:word"), back);
    }

    [Fact]
    public async Task BearerTokens_RoundTrip()
    {
        await vault.StoreAsync("alice", KnoxCredentials.Bearer("token.value.sig"), CancellationToken.None);
        Assert.Equal(KnoxCredentials.Bearer("token.value.sig"), await vault.GetAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task DatabaseFiles_NeverContainThePassword()
    {
        const string password = "very-secret-password-42";
        await vault.StoreAsync("alice", KnoxCredentials.Basic("alice", password), CancellationToken.None);

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
        await vault.StoreAsync("alice", KnoxCredentials.Basic("alice", "secret"), CancellationToken.None);
        time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        Assert.Null(await vault.GetAsync("alice", CancellationToken.None));
        Assert.Null(await Store.GetCredentialAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task Refresh_StoresOnlyForUsersWithWork_AndForgetIfIdleDeletes()
    {
        await vault.RefreshAsync("alice", KnoxCredentials.Basic("alice", "secret"), CancellationToken.None);
        Assert.Null(await Store.GetCredentialAsync("alice", CancellationToken.None));

        await Store.TrackAsync(new TrackedJob
        {
            Owner = "alice", JobId = "1-2-oozie-W", State = TrackingState.Tracking, NextPollAt = time.GetUtcNow(), CreatedAt = time.GetUtcNow(),
        }, CancellationToken.None);
        await vault.RefreshAsync("alice", KnoxCredentials.Basic("alice", "secret"), CancellationToken.None);
        Assert.NotNull(await vault.GetAsync("alice", CancellationToken.None));
        Assert.False(await vault.ForgetIfIdleAsync("alice", CancellationToken.None));

        var job = await Store.TryAcquireAsync("alice", "1-2-oozie-W", "w", time.GetUtcNow(), TimeSpan.FromMinutes(1), CancellationToken.None);
        await Store.SaveJobAsync(job! with { State = TrackingState.Done }, "w", release: false, CancellationToken.None);
        Assert.True(await vault.ForgetIfIdleAsync("alice", CancellationToken.None));
        Assert.Null(await Store.GetCredentialAsync("alice", CancellationToken.None));
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
