namespace Tracker.Heron.Access;

/// <summary>
/// Settings under <c>Heron:Authentication</c>. Off by default: the Heron UI and heron-explorer send no
/// credentials. Configuring <see cref="Tokens"/> or <see cref="Jwt"/> protects the groups named in
/// <see cref="Protect"/>, or every group when it names none (forgetting it must not leave the API open).
/// The <c>/api</c> routes keep their own Knox authentication and are never affected.
/// </summary>
public sealed class HeronAuthenticationOptions
{
    public const string Section = "Heron:Authentication";

    /// <summary>Static bearer tokens, any of which is accepted as <c>Authorization: Bearer TOKEN</c>.</summary>
    public List<string> Tokens { get; set; } = [];

    /// <summary>JWT bearer tokens signed by a key or an authority; off while none of its keys is set.</summary>
    public HeronJwtOptions Jwt { get; set; } = new();

    /// <summary>Names of <see cref="HeronRouteGroup"/> values (case-insensitive); empty protects every group.</summary>
    public List<string> Protect { get; set; } = [];

    internal bool JwtConfigured
        => !string.IsNullOrEmpty(Jwt.SigningKey) || !string.IsNullOrEmpty(Jwt.Authority)
            || !string.IsNullOrEmpty(Jwt.Issuer) || !string.IsNullOrEmpty(Jwt.Audience);

    internal bool Enabled => Tokens.Count > 0 || JwtConfigured;
}

/// <summary><c>Heron:Authentication:Jwt</c>: the issuer and audience are always checked, the signature by a key or the authority's.</summary>
public sealed class HeronJwtOptions
{
    /// <summary>The <c>iss</c> a token must carry.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> a token must carry.</summary>
    public string? Audience { get; set; }

    /// <summary>A symmetric HMAC-SHA256 key (UTF-8, at least 32 bytes), for tokens an operator's own tooling signs.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An OpenID Connect authority whose published keys sign the tokens (discovery at <c>{Authority}/.well-known/openid-configuration</c>).</summary>
    public string? Authority { get; set; }

    /// <summary>Whether the authority's metadata must come over HTTPS (default true).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
