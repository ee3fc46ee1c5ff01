using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Jobs.Apis;

namespace Tracker.Jobs.Authentication;

/// <summary>
/// <c>/api/session</c>: the web page signs in (POST, JSON <c>{"user","password"}</c>, verified against Knox),
/// reads who it is with its antiforgery token (GET), and signs out (DELETE).
/// </summary>
internal static class KnoxCookieEndpoints
{
    public static IEndpointRouteBuilder MapKnoxCookieSession(this IEndpointRouteBuilder endpoints)
    {
        var session = endpoints.MapGroup("/api/session").WithTags("Session");
        // Anonymous by necessity; JSON only, so a cross-site HTML form cannot sign a victim in as someone else.
        session.MapPost("", SignInAsync).AllowAnonymous()
            .WithName("SignIn").WithSummary("Sign in with Knox credentials (JSON {\"user\", \"password\"}); sets the session cookie.");
        // Anonymous so that a page without a session learns it ({"user": null}) without a 401 and its Basic dialog.
        session.MapGet("", CurrentAsync).AllowAnonymous()
            .WithName("GetSession").WithSummary("The cookie session's user and the antiforgery token for state-changing requests.");
        session.MapDelete("", SignOutAsync).RequireAuthorization(KnoxAuthentication.Policy)
            .WithName("SignOut").WithSummary("End the cookie session.");
        return endpoints;
    }

    private static async Task<ApiResponse> SignInAsync(HttpContext context, CancellationToken aborted)
    {
        if (!context.Request.HasJsonContentType())
        {
            return ApiResponse.Error(StatusCodes.Status415UnsupportedMediaType, "Sign in with a JSON body: {\"user\": ..., \"password\": ...}.");
        }

        string? user, password;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: aborted);
            user = Text(body.RootElement, "user");
            password = Text(body.RootElement, "password");
        }
        catch (JsonException)
        {
            return ApiResponse.Error(StatusCodes.Status400BadRequest, "The body is not JSON.");
        }

        if (string.IsNullOrWhiteSpace(user) || user.Contains(':', StringComparison.Ordinal) || string.IsNullOrEmpty(password))
        {
            return ApiResponse.Error(StatusCodes.Status400BadRequest, "Give a user name (without ':') and a password.");
        }

        var authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        var authenticator = context.RequestServices.GetRequiredService<KnoxAuthenticator>();
        var outcome = await authenticator.AuthenticateAsync(authorization, aborted);
        if (outcome.Caller is null)
        {
            // The form shows the refusal itself; a Basic challenge would make the browser open its own dialog.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Remove("WWW-Authenticate");
                return Task.CompletedTask;
            });
            return ApiResponse.Error(outcome.StatusCode, outcome.StatusCode == StatusCodes.Status401Unauthorized
                ? "Knox refused this user name and password."
                : outcome.Message ?? "Cannot verify the credentials.");
        }

        var principal = new ClaimsPrincipal(new KnoxIdentity(outcome.Caller, authorization, KnoxCookie.Scheme));
        await context.SignInAsync(KnoxCookie.Scheme, principal, new AuthenticationProperties { IsPersistent = false });
        return ApiResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("user", outcome.Caller.User);
            w.WriteEndObject();
        });
    }

    private static async Task<ApiResponse> CurrentAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var session = await context.AuthenticateAsync(KnoxCookie.Scheme);
        if (!session.Succeeded)
        {
            return ApiResponse.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteNull("user");
                w.WriteEndObject();
            });
        }

        // The token is bound to this user, which the antiforgery service reads from HttpContext.User.
        context.User = session.Principal;
        var caller = context.User.KnoxCaller();
        var tokens = antiforgery.GetAndStoreTokens(context);
        return ApiResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("user", caller.User);
            w.WriteBoolean("admin", caller.IsAdmin);
            w.WriteString("antiforgery", tokens.RequestToken);
            w.WriteString("antiforgery-header", KnoxCookie.AntiforgeryHeader);
            w.WriteEndObject();
        });
    }

    private static async Task<ApiResponse> SignOutAsync(HttpContext context, CancellationToken aborted)
    {
        aborted.ThrowIfCancellationRequested();
        await context.SignOutAsync(KnoxCookie.Scheme);
        return ApiResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("signed-out", true);
            w.WriteEndObject();
        });
    }

    private static string? Text(JsonElement root, string name)
        => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
