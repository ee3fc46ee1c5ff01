using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tracker.Jobs.Authentication;
using Tracker.Jobs.Callbacks;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Apis;

/// <summary>The caller's Oozie callback URL, its rotation, and the anonymous notification Oozie sends to it.</summary>
internal static class CallbackHandlers
{
    /// <summary><c>GET /api/watches/callback</c>: the URL to put in <c>oozie.wf.workflow.notification.url</c>.</summary>
    public static async Task<ApiAnswer> UrlAsync(HttpContext http, ClaimsPrincipal user, CallbackTokens tokens, IOptions<CallbackOptions> options)
        => Url(http, options.Value, await tokens.GetOrCreateAsync(user.KnoxCaller().User, http.RequestAborted));

    /// <summary><c>POST /api/watches/callback/rotate</c>: a new URL; notifications to the old one are 404 from now on.</summary>
    public static async Task<ApiAnswer> RotateAsync(HttpContext http, ClaimsPrincipal user, CallbackTokens tokens, IOptions<CallbackOptions> options)
        => Url(http, options.Value, await tokens.RotateAsync(user.KnoxCaller().User, http.RequestAborted));

    /// <summary>
    /// <c>GET /api/oozie/notify/{token}?job=..&amp;status=..</c>, called by Oozie without credentials. An unknown
    /// token costs one indexed read and nothing upstream. Anything delivered to a known token is a 200, also when
    /// nothing was recorded (<c>"tracked": false</c>): Oozie counts only a 200 as delivered and would retry the
    /// rest three times for the same result.
    /// </summary>
    public static async Task<Results<ApiAnswer, ApiError>> NotifyAsync(HttpContext http, CallbackTokens tokens, string token)
    {
        var owner = await tokens.FindOwnerAsync(token, http.RequestAborted);
        if (owner is null)
        {
            return ApiResponse.Error(404, "Unknown callback token.");
        }

        var job = http.Request.Query["job"].ToString();
        if (!OozieJobId.IsValid(job))
        {
            return JobsApiAnswers.MalformedId(job);
        }

        var outcome = await http.RequestServices.GetRequiredService<OozieNotifications>().NotifyAsync(owner, job, http.RequestAborted);
        return ApiResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("job", job);
            w.WriteBoolean("tracked", outcome != NotificationOutcome.Ignored);
            w.WriteEndObject();
        });
    }

    private static ApiAnswer Url(HttpContext http, CallbackOptions options, string token)
    {
        var root = options.PublicUrl?.ToString().TrimEnd('/')
            ?? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        // $jobId and $status are Oozie's own placeholders, replaced by Oozie when it calls.
        var url = $"{root}/api/oozie/notify/{token}?job=$jobId&status=$status";
        return ApiResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("url", url);
            w.WriteEndObject();
        });
    }
}
