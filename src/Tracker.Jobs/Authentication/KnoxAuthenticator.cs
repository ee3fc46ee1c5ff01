using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tracker.Hadoop;
using Tracker.Hadoop.WebHdfs;
using Tracker.Jobs.Credentials;

namespace Tracker.Jobs.Authentication;

/// <summary>
/// Verifies every request's credentials against Knox before anything is served: the reference trusted any
/// password for cached data. A success may be remembered a short while (<see cref="VerificationCache"/>); a
/// refusal makes every cache that accepted those credentials forget them at once.
/// </summary>
internal sealed partial class KnoxAuthenticator(
    IWebHdfsClient webHdfs,
    CredentialVault vault,
    VerificationCache verified,
    AdminOptions admins,
    ILogger<KnoxAuthenticator> logger)
{
    public sealed record Outcome(Caller? Caller, int StatusCode, string? Message);

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

        if (verified.Holds(authorization, user))
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
            await ForgetRefusedAsync(authorization, user, credentials, cancellationToken);
            return Refused("Authorization required");
        }
        catch (HadoopUpstreamException e)
        {
            LogGatewayUnavailable(logger, e.Message);
            return new Outcome(null, Apis.UpstreamStatus.Of(e), $"Cannot verify the credentials: {e.Message}");
        }

        verified.Remember(authorization, user);
        await vault.RefreshAsync(user, credentials, cancellationToken);
        return new Outcome(new Caller(user, credentials, admins.Users.Contains(user)), 200, null);
    }

    /// <summary>
    /// Knox refused <paramref name="credentials"/>, presented in <paramref name="authorization"/>: neither this
    /// header nor, when they are the same credentials, the vault's copy may be used again. A different stored
    /// password stays: someone else's wrong guess must not end the user's tracking.
    /// </summary>
    public async Task ForgetRefusedAsync(string authorization, string user, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        verified.Forget(authorization);
        if (credentials.Equals(await vault.GetAsync(user, cancellationToken)))
        {
            await vault.ForgetAsync(user, cancellationToken);
        }

        LogRefused(logger, user);
    }

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

    [LoggerMessage(EventId = EventIds.Refused, Level = LogLevel.Information, Message = "Knox refused the credentials of {User}")]
    private static partial void LogRefused(ILogger logger, string user);

    [LoggerMessage(EventId = EventIds.GatewayUnavailable, Level = LogLevel.Warning, Message = "Cannot verify credentials with the Knox gateway: {Reason}")]
    private static partial void LogGatewayUnavailable(ILogger logger, string reason);
}
