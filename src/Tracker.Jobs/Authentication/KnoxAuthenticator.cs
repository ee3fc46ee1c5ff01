using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tracker.Hadoop;
using Tracker.Hadoop.WebHdfs;
using Tracker.Jobs.Credentials;

namespace Tracker.Jobs.Authentication;

/// <summary>
/// Verifies every request's credentials against Knox before anything is served: the reference trusted any
/// password for cached data. A success may be remembered for <see cref="AuthenticationOptions.VerificationCacheDuration"/>
/// under an HMAC of the Authorization header with a key that lives only in this process, so neither the
/// password nor a plain hash of it is ever kept.
/// </summary>
internal sealed partial class KnoxAuthenticator(
    IWebHdfsClient webHdfs,
    CredentialVault vault,
    IOptions<AuthenticationOptions> options,
    AdminOptions admins,
    TimeProvider time,
    ILogger<KnoxAuthenticator> logger)
{
    private const int MaxCachedVerifications = 10_000;
    private readonly byte[] salt = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Verified> verified = new(StringComparer.Ordinal);

    public sealed record Outcome(Caller? Caller, int StatusCode, string? Message);

    private sealed record Verified(string User, DateTimeOffset Until);

    public async Task<Outcome> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return Refused("Authorization required");
        }

        var credentials = KnoxCredentials.FromAuthorizationHeader(authorization);
        if (credentials is null)
        {
            return Refused("Unsupported or malformed Authorization header: use Basic credentials or a Knox Bearer token.");
        }

        var user = credentials.UserName ?? BearerSubject(credentials.RevealSecret());
        if (user is null)
        {
            return Refused("The Bearer token names no user (a Knox token's 'sub' claim).");
        }

        var now = time.GetUtcNow();
        var key = CacheKey(authorization);
        if (verified.TryGetValue(key, out var hit) && hit.Until > now && hit.User == user)
        {
            return new Outcome(new Caller(user, credentials, admins.Users.Contains(user)), 200, null);
        }

        try
        {
            // Any authenticated call proves the credentials; the root's status is one every user may read.
            await webHdfs.GetFileStatusAsync(credentials, "/", cancellationToken);
        }
        catch (KnoxAuthenticationException)
        {
            verified.TryRemove(key, out _);
            LogRefused(logger, user);
            return Refused("Authorization required");
        }
        catch (HadoopUpstreamException e)
        {
            LogGatewayUnavailable(logger, e.Message);
            return new Outcome(null, Apis.UpstreamStatus.Of(e), $"Cannot verify the credentials: {e.Message}");
        }

        Remember(key, user, now);
        await vault.RefreshAsync(user, credentials, cancellationToken);
        return new Outcome(new Caller(user, credentials, admins.Users.Contains(user)), 200, null);
    }

    private void Remember(string key, string user, DateTimeOffset now)
    {
        var duration = options.Value.VerificationCacheDuration;
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        if (verified.Count >= MaxCachedVerifications)
        {
            foreach (var entry in verified)
            {
                if (entry.Value.Until <= now)
                {
                    verified.TryRemove(entry.Key, out _);
                }
            }

            if (verified.Count >= MaxCachedVerifications)
            {
                verified.Clear();
            }
        }

        verified[key] = new Verified(user, now + duration);
    }

    private string CacheKey(string authorization)
        => Convert.ToBase64String(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(authorization)));

    private static Outcome Refused(string message) => new(null, 401, message);

    /// <summary>
    /// The user a Knox token (a JWT) was issued to. The signature is Knox's to check, and Knox checks it on the
    /// verification call; a token whose claims were altered is refused there.
    /// </summary>
    internal static string? BearerSubject(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var claims = JsonDocument.Parse(Convert.FromBase64String(payload));
            return claims.RootElement.ValueKind == JsonValueKind.Object
                && claims.RootElement.TryGetProperty("sub", out var sub)
                && sub.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(sub.GetString())
                ? sub.GetString()
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Knox refused the credentials of {User}")]
    private static partial void LogRefused(ILogger logger, string user);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Cannot verify credentials with the Knox gateway: {Reason}")]
    private static partial void LogGatewayUnavailable(ILogger logger, string reason);
}
