using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Tracker.Heron.Access;

/// <summary>
/// Accepts <c>Authorization: Bearer TOKEN</c> when TOKEN is one of <c>Heron:Authentication:Tokens</c>.
/// Tokens are compared as SHA-256 digests in constant time, so the comparison neither leaks a token's
/// length nor how many leading characters a guess got right.
/// </summary>
internal sealed class StaticTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes,
    ILoggerFactory logger,
    UrlEncoder encoder,
    HeronAccess access)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken(Request.Headers.Authorization.ToString());
        if (token is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var digests = access.TokenDigests;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        for (var i = 0; i < digests.Count; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, digests[i]))
            {
                // Which token (by position, never its value) let the caller in, for logs and audits.
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, $"token {i + 1}")], Scheme.Name);
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
            }
        }

        return Task.FromResult(AuthenticateResult.Fail("The bearer token is not one of Heron:Authentication:Tokens."));
    }

    internal static string? BearerToken(string authorization)
    {
        const string prefix = "Bearer ";
        return authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && authorization.Length > prefix.Length
            ? authorization[prefix.Length..].Trim()
            : null;
    }
}
