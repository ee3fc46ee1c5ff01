using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tracker.Jobs.Authentication;

/// <summary>The web page's session settings (<c>Jobs:Web</c>).</summary>
internal sealed class KnoxCookieOptions
{
    public const string Section = "Jobs:Web";

    /// <summary>How long a session lasts without a request; every request slides it.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>
/// The web page's cookie session, a second scheme of <see cref="KnoxAuthentication.Policy"/>. The sign-in form's
/// credentials are verified by <see cref="KnoxAuthenticator"/> like a Basic header; the cookie then carries only
/// a random session key (<see cref="KnoxCookieTicketStore"/>), so neither the password nor the ticket leave the
/// server. A state-changing request that rides on the cookie must carry the antiforgery token in
/// <see cref="AntiforgeryHeader"/>: a cookie is sent by the browser on its own, a header only by the page's script.
/// </summary>
internal static class KnoxCookie
{
    public const string Scheme = "KnoxCookie";
    public const string CookieName = "tracker-session";
    public const string AntiforgeryHeader = "X-Tracker-Antiforgery";

    public static IServiceCollection AddKnoxCookie(this IServiceCollection services, AuthenticationBuilder authentication)
    {
        services.AddOptions<KnoxCookieOptions>().BindConfiguration(KnoxCookieOptions.Section)
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, "Jobs:Web:SessionLifetime must be positive.")
            .ValidateOnStart();
        services.AddSingleton<KnoxCookieTicketStore>();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "tracker-antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        authentication.AddCookie(Scheme);
        services.AddOptions<CookieAuthenticationOptions>(Scheme)
            .Configure<KnoxCookieTicketStore, IOptions<KnoxCookieOptions>>((o, store, web) =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = web.Value.SessionLifetime;
                o.SlidingExpiration = true;
                o.SessionStore = store;
                // The Knox scheme answers the challenge in the API's error format; a redirect to a login page
                // would turn an API call's 401 into a 302.
                o.Events.OnRedirectToLogin = _ => Task.CompletedTask;
                o.Events.OnRedirectToAccessDenied = _ => Task.CompletedTask;
                o.Events.OnValidatePrincipal = ValidateAsync;
            });
        return services;
    }

    /// <summary>Reading needs only the cookie; anything else also needs the antiforgery header.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return;
        }

        // The token is bound to the signed-in user, which the antiforgery check reads from HttpContext.User.
        var previous = context.HttpContext.User;
        context.HttpContext.User = context.Principal!;
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        var valid = await antiforgery.IsRequestValidAsync(context.HttpContext);
        context.HttpContext.User = previous;
        if (!valid)
        {
            context.RejectPrincipal();
            context.HttpContext.Features.Set(new KnoxAuthenticationHandler.KnoxRefusal(
                StatusCodes.Status403Forbidden, $"A request with the session cookie that changes something needs the {AntiforgeryHeader} header (GET /api/session gives the token)."));
        }
    }
}
