using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tracker.Sandbox.Hadoop.Knox;

/// <summary>
/// Knox's front door: every request under <c>/gateway/{topology}</c> must carry Basic credentials of a
/// sandbox user (LDAP in a real gateway). Anything else is answered as Knox's ShiroProvider does: 401
/// with <c>WWW-Authenticate: BASIC realm="application"</c> and no body.
/// </summary>
internal sealed class KnoxGatewayEmulator(IReadOnlyDictionary<string, string> passwords)
{
    public const string Challenge = "BASIC realm=\"application\"";
    private const string UserKey = "sandbox.knox.user";

    public static string User(HttpContext context) => (string)context.Items[UserKey]!;

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

    private string? Authenticate(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(value.Parameter))
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
        return passwords.TryGetValue(name, out var password)
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(decoded[(colon + 1)..]))
            ? name
            : null;
    }
}
