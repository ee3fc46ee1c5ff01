using System.Security.Claims;

namespace Tracker.Jobs.Authentication;

/// <summary>
/// The identity of a caller Knox accepted: its claims name the user (and the <see cref="AdminRole"/>), while the
/// credentials to act with are a property, never a claim, so nothing that logs or serialises claims can reveal them.
/// </summary>
internal sealed class KnoxIdentity : ClaimsIdentity
{
    public const string AdminRole = "tracker-admin";

    public KnoxIdentity(Caller caller, string authorization, string authenticationType)
        : base(ClaimsOf(caller), authenticationType, ClaimTypes.Name, ClaimTypes.Role)
    {
        Caller = caller;
        Authorization = authorization;
    }

    private KnoxIdentity(KnoxIdentity other)
        : base(other)
    {
        Caller = other.Caller;
        Authorization = other.Authorization;
    }

    public Caller Caller { get; }

    /// <summary>The Authorization header that was verified, for forgetting it when Knox refuses it later.</summary>
    public string Authorization { get; }

    public override ClaimsIdentity Clone() => new KnoxIdentity(this);

    private static IEnumerable<Claim> ClaimsOf(Caller caller)
    {
        yield return new Claim(ClaimTypes.Name, caller.User);
        if (caller.IsAdmin)
        {
            yield return new Claim(ClaimTypes.Role, AdminRole);
        }
    }
}

/// <summary>Reads the Knox caller from a request's principal.</summary>
internal static class KnoxPrincipal
{
    /// <summary>The caller of a request that passed <see cref="KnoxAuthentication.Policy"/>.</summary>
    public static Caller KnoxCaller(this ClaimsPrincipal principal)
        => principal.KnoxIdentity()?.Caller ?? throw new InvalidOperationException("The request has no Knox caller: the route does not require KnoxAuthentication.Policy.");

    public static KnoxIdentity? KnoxIdentity(this ClaimsPrincipal principal) => principal.Identities.OfType<KnoxIdentity>().FirstOrDefault();
}
