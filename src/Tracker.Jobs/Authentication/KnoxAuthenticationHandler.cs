using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tracker.Jobs.Apis;

namespace Tracker.Jobs.Authentication;

/// <summary>
/// Knox credentials (<c>Authorization: Basic</c> or a Knox token as <c>Bearer</c>) verified against the gateway by
/// <see cref="KnoxAuthenticator"/>, which remembers a success a short while and forgets on a refusal. A refusal is
/// answered by the challenge in the contract's error format: 401 with <c>WWW-Authenticate: Basic</c>, or the
/// gateway's trouble (503 when none is configured, 502/504 when it cannot verify).
/// </summary>
internal sealed class KnoxAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<GatewayOptions> gateway)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!gateway.Value.IsConfigured)
        {
            return Refuse(StatusCodes.Status503ServiceUnavailable, "The Knox gateway is not configured (Jobs:Gateway:Url).");
        }

        // Resolved per request, not injected: its Knox client cannot be built without a configured gateway.
        var authenticator = Context.RequestServices.GetRequiredService<KnoxAuthenticator>();
        var authorization = Request.Headers.Authorization.ToString();
        var outcome = await authenticator.AuthenticateAsync(authorization, Context.RequestAborted);
        if (outcome.Caller is null)
        {
            return Refuse(outcome.StatusCode, outcome.Message ?? "Authorization required");
        }

        var identity = new KnoxIdentity(outcome.Caller, authorization, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var refusal = Context.Features.Get<KnoxRefusal>() ?? new KnoxRefusal(StatusCodes.Status401Unauthorized, "Authorization required");
        return ApiResponse.Error(refusal.StatusCode, refusal.Message).ExecuteAsync(Context);
    }

    private AuthenticateResult Refuse(int statusCode, string message)
    {
        // The challenge that follows answers with this status and message (the handler instance is per request).
        Context.Features.Set(new KnoxRefusal(statusCode, message));
        return AuthenticateResult.Fail(message);
    }

    /// <summary>Why the request was not authenticated, for the challenge to answer (the cookie scheme sets it too).</summary>
    internal sealed record KnoxRefusal(int StatusCode, string Message);
}
