using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Tracker.Jobs.Authentication;

/// <summary>
/// The <c>/api</c> authentication: one named scheme, <see cref="Scheme"/>, and the policy that asks for it alone.
/// No default scheme is set, so Heron's bearer schemes and this one never answer for each other: Heron's groups
/// authenticate with their own schemes by name, and <see cref="Policy"/> names only Knox. The web page's cookie
/// session (<see cref="KnoxCookie"/>) is the policy's second scheme: it yields the <see cref="KnoxIdentity"/> the
/// sign-in form verified, and the handlers read the caller the same way.
/// </summary>
internal static class KnoxAuthentication
{
    public const string Scheme = "Knox";

    public static AuthorizationPolicy Policy { get; } = new AuthorizationPolicyBuilder(Scheme, KnoxCookie.Scheme).RequireAuthenticatedUser().Build();

    public static IServiceCollection AddKnoxAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<VerificationCache>();
        services.AddSingleton<KnoxAuthenticator>();
        var authentication = services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, KnoxAuthenticationHandler>(Scheme, null);
        services.AddKnoxCookie(authentication);
        services.AddAuthorization();
        return services;
    }
}
