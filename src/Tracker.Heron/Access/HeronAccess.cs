using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tracker.Heron.Access;

/// <summary>What <c>Heron:Authentication</c> asks for, worked out once: the protected groups, the schemes that may let a caller in, the token digests.</summary>
internal sealed class HeronAccess
{
    public const string TokenScheme = "HeronToken";
    public const string JwtScheme = "HeronJwt";

    private readonly bool[] _protectedGroups = new bool[Enum.GetValues<HeronRouteGroup>().Length];

    public HeronAccess(IOptions<HeronAuthenticationOptions> options)
    {
        var value = options.Value;
        TokenDigests = [.. value.Tokens.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t)))];
        Schemes = [.. (value.Tokens.Count > 0 ? [TokenScheme] : Array.Empty<string>()), .. (value.JwtConfigured ? [JwtScheme] : Array.Empty<string>())];
        if (!value.Enabled)
        {
            return;
        }

        foreach (var group in Enum.GetValues<HeronRouteGroup>())
        {
            _protectedGroups[(int)group] = value.Protect.Count == 0
                || value.Protect.Any(p => string.Equals(p, group.ToString(), StringComparison.OrdinalIgnoreCase));
        }
    }

    public IReadOnlyList<byte[]> TokenDigests { get; }

    /// <summary>The configured schemes, tried in turn: static tokens, then JWT.</summary>
    public IReadOnlyList<string> Schemes { get; }

    public bool Protects(HeronRouteGroup group) => _protectedGroups[(int)group];
}
