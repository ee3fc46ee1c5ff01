using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tracker.Sandbox.Hadoop.Knox;

/// <summary>
/// Knox's front door: every request under <c>/gateway/{topology}</c> must carry Basic credentials of a
/// sandbox user (LDAP in a real gateway) or a Bearer token from the KnoxToken service
/// (<c>{gateway}/knoxtoken/api/v1/token</c>). Anything else is answered as Knox's ShiroProvider does:
/// 401 with <c>WWW-Authenticate: BASIC realm="application"</c> and no body.
/// </summary>
internal sealed class KnoxGatewayEmulator(IReadOnlyDictionary<string, string> users, TimeProvider time)
{
    // The directory behind Knox: a password can change while the gateway runs, as an LDAP entry does.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _passwords = new(users, StringComparer.Ordinal);

    public const string Challenge = "BASIC realm=\"application\"";
    private const string UserKey = "sandbox.knox.user";

    // Knox signs its tokens with the gateway's key; the sandbox's key lives only as long as the process.
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>How long an issued token is accepted (Knox's <c>knox.token.ttl</c>).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gives an existing user a new password; the old one is refused from the next request on.</summary>
    public void ChangePassword(string user, string password)
    {
        if (!_passwords.ContainsKey(user))
        {
            throw new ArgumentException($"{user} is not a sandbox user.", nameof(user));
        }

        _passwords[user] = password;
    }

    public static string User(HttpContext context) => (string)context.Items[UserKey]!;

    public void Map(IEndpointRouteBuilder gateway) =>
        gateway.MapGet("/knoxtoken/api/v1/token", (HttpContext context) =>
        {
            var expires = time.GetUtcNow() + TokenLifetime;
            return Results.Json(new
            {
                access_token = Issue(User(context), expires),
                token_type = "Bearer",
                expires_in = expires.ToUnixTimeMilliseconds(),
            });
        });

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var user = Authenticate(context.Request.Headers.Authorization.ToString());
        if (user is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = Challenge;
            return;
        }

        context.Items[UserKey] = user;
        await next(context);
    }

    /// <summary>A JWT (HS256) whose <c>sub</c> is the user, as KnoxToken issues (Knox signs RS256).</summary>
    public string Issue(string user, DateTimeOffset expires)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { sub = user, iss = "KNOXSSO", exp = expires.ToUnixTimeSeconds() }));
        return $"{header}.{payload}.{Sign(header, payload)}";
    }

    private string? Authenticate(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || string.IsNullOrEmpty(value.Parameter))
        {
            return null;
        }

        if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return VerifyToken(value.Parameter);
        }

        if (!value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':');
        if (colon <= 0)
        {
            return null;
        }

        var name = decoded[..colon];
        return _passwords.TryGetValue(name, out var password)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(decoded[(colon + 1)..]))
            ? name
            : null;
    }

    private string? VerifyToken(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(parts[0], parts[1])), Encoding.ASCII.GetBytes(parts[2])))
        {
            return null;
        }

        try
        {
            var base64 = parts[1].Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            using var claims = JsonDocument.Parse(Convert.FromBase64String(base64));
            var user = claims.RootElement.GetProperty("sub").GetString();
            var expires = DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("exp").GetInt64());
            return user is not null && _passwords.ContainsKey(user) && expires > time.GetUtcNow() ? user : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private string Sign(string header, string payload) =>
        Base64Url(HMACSHA256.HashData(_signingKey, Encoding.ASCII.GetBytes($"{header}.{payload}")));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
