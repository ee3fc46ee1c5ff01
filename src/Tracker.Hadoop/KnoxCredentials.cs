using System.Net.Http.Headers;
using System.Text;

namespace Tracker.Hadoop;

/// <summary>
/// The caller's credentials for the Knox gateway: HTTP Basic (user and password; the password may
/// contain ':') or a Bearer token such as one issued by Knox's KnoxToken service. Every client call
/// takes them explicitly because the tracker acts for many users. <see cref="ToString"/> never shows
/// the secret, so a credential that ends up in a log line or an exception message leaks nothing.
/// </summary>
public sealed class KnoxCredentials : IEquatable<KnoxCredentials>
{
    private readonly string _secret;

    private KnoxCredentials(KnoxAuthenticationScheme scheme, string? userName, string secret)
    {
        Scheme = scheme;
        UserName = userName;
        this._secret = secret;
    }

    public KnoxAuthenticationScheme Scheme { get; }

    /// <summary>The user name of Basic credentials; null for a Bearer token (the gateway knows whose it is).</summary>
    public string? UserName { get; }

    public static KnoxCredentials Basic(string userName, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (userName.Contains(':'))
        {
            // RFC 7617: the user-id cannot contain a colon; the password may.
            throw new ArgumentException("A Basic user name cannot contain ':'.", nameof(userName));
        }

        return new KnoxCredentials(KnoxAuthenticationScheme.Basic, userName, password);
    }

    public static KnoxCredentials Bearer(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new KnoxCredentials(KnoxAuthenticationScheme.Bearer, null, token);
    }

    /// <summary>
    /// Reads an <c>Authorization</c> header value (<c>Basic …</c> or <c>Bearer …</c>); null when it is
    /// absent, of another scheme or malformed, so callers answer 401 instead of calling upstream unauthenticated.
    /// </summary>
    public static KnoxCredentials? FromAuthorizationHeader(string? header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || string.IsNullOrEmpty(value.Parameter))
        {
            return null;
        }

        if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return Bearer(value.Parameter);
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

        // Split on the first ':' only: everything after it is the password.
        var colon = decoded.IndexOf(':');
        return colon <= 0 ? null : Basic(decoded[..colon], decoded[(colon + 1)..]);
    }

    /// <summary>The header value to send upstream.</summary>
    public AuthenticationHeaderValue ToAuthorizationHeader() => Scheme switch
    {
        KnoxAuthenticationScheme.Basic => new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{_secret}"))),
        _ => new AuthenticationHeaderValue("Bearer", _secret),
    };

    /// <summary>The password or token, for code that must store the credentials (encrypted) to act later.</summary>
    public string RevealSecret() => _secret;

    public override string ToString() => Scheme == KnoxAuthenticationScheme.Basic
        ? $"Basic {UserName}:***"
        : "Bearer ***";

    public bool Equals(KnoxCredentials? other) => other is not null
        && Scheme == other.Scheme
        && string.Equals(UserName, other.UserName, StringComparison.Ordinal)
        && string.Equals(_secret, other._secret, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as KnoxCredentials);

    public override int GetHashCode() => HashCode.Combine(Scheme, UserName, _secret);
}

public enum KnoxAuthenticationScheme
{
    Basic,
    Bearer,
}
