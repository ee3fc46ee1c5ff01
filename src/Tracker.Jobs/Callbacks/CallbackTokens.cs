using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Tracker.Jobs.Storage;

namespace Tracker.Jobs.Callbacks;

/// <summary>
/// Each user's callback token: 128 random bits, shown as 32 hex digits. The store keeps its SHA-256 to look a
/// notification up by (a leaked database gives no working URL) and the token encrypted by the key ring, so the
/// user sees the same URL every time they ask for it and their submitted jobs keep working until they rotate.
/// </summary>
internal sealed class CallbackTokens(ICallbackStore store, IDataProtectionProvider protection, TimeProvider time)
{
    private const string Purpose = "Tracker.Jobs.Callbacks.v1";
    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    /// <summary>The user's token, made on first use; one the key ring can no longer decrypt is rotated, as its URL cannot be shown.</summary>
    public async Task<string> GetOrCreateAsync(string user, CancellationToken cancellationToken)
    {
        if (await store.GetCallbackTokenAsync(user, cancellationToken) is { } stored)
        {
            return TryReveal(stored) ?? await RotateAsync(user, cancellationToken);
        }

        var (token, row) = New(user);
        // Another replica may have made the user's token first: theirs is kept, so every replica shows one URL.
        var kept = await store.AddCallbackTokenAsync(row, cancellationToken);
        return kept.TokenHash == row.TokenHash ? token : TryReveal(kept) ?? await RotateAsync(user, cancellationToken);
    }

    /// <summary>A new token for the user; the old one stops working at once.</summary>
    public async Task<string> RotateAsync(string user, CancellationToken cancellationToken)
    {
        var (token, row) = New(user);
        await store.ReplaceCallbackTokenAsync(row, cancellationToken);
        return token;
    }

    /// <summary>The token's owner, or null; anything not shaped like a token is refused before the store is asked.</summary>
    public Task<string?> FindOwnerAsync(string token, CancellationToken cancellationToken)
        => IsWellFormed(token) ? store.FindCallbackOwnerAsync(Hash(token), cancellationToken) : Task.FromResult<string?>(null);

    public static bool IsWellFormed(string token) => token.Length == 32 && token.All(char.IsAsciiHexDigitLower);

    private (string Token, StoredCallbackToken Row) New(string user)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return (token, new StoredCallbackToken(user, Hash(token), _protector.Protect(System.Text.Encoding.ASCII.GetBytes(token)), time.GetUtcNow()));
    }

    private string? TryReveal(StoredCallbackToken stored)
    {
        try
        {
            return System.Text.Encoding.ASCII.GetString(_protector.Unprotect(stored.Protected));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)));
}
