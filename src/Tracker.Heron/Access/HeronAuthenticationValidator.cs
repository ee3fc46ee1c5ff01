using System.Text;
using Microsoft.Extensions.Options;

namespace Tracker.Heron.Access;

/// <summary>Rejects at startup a protection that could not work: unknown groups, empty tokens, a JWT setup missing its checks.</summary>
internal sealed class HeronAuthenticationValidator : IValidateOptions<HeronAuthenticationOptions>
{
    // HMAC-SHA256 keys shorter than the hash are refused by the token handler at the first request; say so at start instead.
    private const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, HeronAuthenticationOptions options)
    {
        var failures = new List<string>();
        foreach (var group in options.Protect)
        {
            if (!Enum.TryParse<HeronRouteGroup>(group, ignoreCase: true, out _) || int.TryParse(group, out _))
            {
                failures.Add($"{HeronAuthenticationOptions.Section}:Protect names an unknown group '{group}' (known: {string.Join(", ", Enum.GetNames<HeronRouteGroup>())}).");
            }
        }

        if (options.Protect.Count > 0 && !options.Enabled)
        {
            failures.Add($"{HeronAuthenticationOptions.Section}:Protect is set, but neither Tokens nor Jwt is configured to let anyone in.");
        }

        if (options.Tokens.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{HeronAuthenticationOptions.Section}:Tokens must not contain empty tokens.");
        }

        if (options.JwtConfigured)
        {
            var jwt = options.Jwt;
            var prefix = $"{HeronAuthenticationOptions.Section}:Jwt";
            if (string.IsNullOrWhiteSpace(jwt.Issuer))
            {
                failures.Add($"{prefix}:Issuer is required: tokens of any issuer would be accepted.");
            }

            if (string.IsNullOrWhiteSpace(jwt.Audience))
            {
                failures.Add($"{prefix}:Audience is required: tokens meant for other services would be accepted.");
            }

            if (string.IsNullOrEmpty(jwt.SigningKey) && string.IsNullOrWhiteSpace(jwt.Authority))
            {
                failures.Add($"{prefix} needs a SigningKey or an Authority to check signatures with.");
            }

            if (!string.IsNullOrEmpty(jwt.SigningKey) && Encoding.UTF8.GetByteCount(jwt.SigningKey) < MinimumKeyBytes)
            {
                failures.Add($"{prefix}:SigningKey must be at least {MinimumKeyBytes} bytes for HMAC-SHA256.");
            }

            if (!string.IsNullOrWhiteSpace(jwt.Authority) && !Uri.TryCreate(jwt.Authority, UriKind.Absolute, out _))
            {
                failures.Add($"{prefix}:Authority must be an absolute URL.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
