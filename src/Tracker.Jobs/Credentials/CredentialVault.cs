using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Tracker.Hadoop;
using Tracker.Jobs.Storage;

namespace Tracker.Jobs.Credentials;

/// <summary>
/// Keeps one set of credentials per user for background work (tracking and copying), encrypted with ASP.NET Core
/// Data Protection whose key ring lives under the data directory. An entry is refreshed by every authenticated
/// request of a user who has work, expires after <see cref="VaultOptions.TimeToLive"/>, and is deleted as soon as
/// the user has nothing left to track or copy.
/// </summary>
internal sealed class CredentialVault(IJobStore store, IDataProtectionProvider protection, IOptions<VaultOptions> options, TimeProvider time)
{
    private const string Purpose = "Tracker.Jobs.Credentials.v1";
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public async Task StoreAsync(string user, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expires = now + options.Value.TimeToLive;
        var payload = _protector.Protect(Serialize(user, credentials), expires);
        await store.PutCredentialAsync(new StoredCredential(user, payload, expires, now), cancellationToken);
    }

    public async Task<KnoxCredentials?> GetAsync(string owner, CancellationToken cancellationToken)
    {
        var stored = await store.GetCredentialAsync(owner, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        if (stored.ExpiresAt <= time.GetUtcNow())
        {
            await store.DeleteCredentialAsync(owner, cancellationToken);
            return null;
        }

        try
        {
            var (user, credentials) = Deserialize(_protector.Unprotect(stored.Protected, out _));
            return user == owner ? credentials : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Expired inside the payload, or the key ring was lost: the entry is useless, so it goes.
            await store.DeleteCredentialAsync(owner, cancellationToken);
            return null;
        }
    }

    /// <summary>
    /// Called after a request's credentials were verified by Knox: refreshes the entry when the user has work
    /// (blocked work included, which then resumes); never stores credentials of a user with nothing to do.
    /// </summary>
    public async Task RefreshAsync(string user, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        if (!await store.HasPendingWorkAsync(user, includeBlocked: true, cancellationToken))
        {
            return;
        }

        await StoreAsync(user, credentials, cancellationToken);
        await store.UnblockOwnerAsync(user, time.GetUtcNow(), cancellationToken);
    }

    public Task ForgetAsync(string owner, CancellationToken cancellationToken) => store.DeleteCredentialAsync(owner, cancellationToken);

    /// <summary>Deletes the owner's entry when nothing is left to track or copy for them.</summary>
    public async Task<bool> ForgetIfIdleAsync(string owner, CancellationToken cancellationToken)
    {
        if (await store.HasPendingWorkAsync(owner, includeBlocked: false, cancellationToken))
        {
            return false;
        }

        await store.DeleteCredentialAsync(owner, cancellationToken);
        return true;
    }

    // Length-prefixed fields: user names and passwords may contain any character, ':' included.
    private static byte[] Serialize(string user, KnoxCredentials credentials)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((byte)1);
            writer.Write((byte)credentials.Scheme);
            writer.Write(user);
            writer.Write(credentials.RevealSecret());
        }

        return buffer.ToArray();
    }

    private static (string User, KnoxCredentials Credentials) Deserialize(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        if (reader.ReadByte() != 1)
        {
            throw new System.Security.Cryptography.CryptographicException("Unknown credential format.");
        }

        var scheme = (KnoxAuthenticationScheme)reader.ReadByte();
        var user = reader.ReadString();
        var secret = reader.ReadString();
        return (user, scheme == KnoxAuthenticationScheme.Basic ? KnoxCredentials.Basic(user, secret) : KnoxCredentials.Bearer(secret));
    }
}
