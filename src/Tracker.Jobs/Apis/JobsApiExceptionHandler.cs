using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracker.Hadoop;
using Tracker.Jobs.Authentication;

namespace Tracker.Jobs.Apis;

/// <summary>
/// The one error map of <c>/api</c>: whatever a handler, the Knox scheme or a streamed answer throws before its
/// response started becomes the contract's error body. Upstream failures are <see cref="UpstreamStatus"/>'s
/// (401, 403, 504 for any timeout, 502), a malformed request is its own status, and anything else is Tracker's
/// own failure: a 500 with a correlation id that is also in the one log line about it. Knox refusing credentials
/// it accepted a moment ago (a password change) also makes Tracker forget them.
/// </summary>
internal sealed partial class JobsApiExceptionHandler(ILogger<JobsApiExceptionHandler> logger) : IExceptionHandler
{
    public const string CorrelationHeader = "X-Correlation-Id";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsApi(httpContext))
        {
            return false;
        }

        if (exception is KnoxAuthenticationException && httpContext.User.KnoxIdentity() is { } identity)
        {
            await httpContext.RequestServices.GetRequiredService<KnoxAuthenticator>()
                .ForgetRefusedAsync(identity.Authorization, identity.Caller.User, identity.Caller.Credentials, CancellationToken.None);
        }

        await AnswerOf(httpContext, exception).ExecuteAsync(httpContext);
        return true;
    }

    public static bool IsApi(HttpContext httpContext) => httpContext.Request.Path.StartsWithSegments("/api");

    private ApiError AnswerOf(HttpContext httpContext, Exception exception)
    {
        switch (exception)
        {
            case HadoopException upstream:
                return UpstreamStatus.Error(upstream);
            case BadHttpRequestException request:
                return ApiResponse.Error(request.StatusCode, request.Message);
            default:
                var correlation = httpContext.TraceIdentifier;
                Unexpected(logger, exception, httpContext.Request.Method, httpContext.Request.Path, correlation);
                httpContext.Response.Headers[CorrelationHeader] = correlation;
                return ApiResponse.Error(StatusCodes.Status500InternalServerError,
                    $"Tracker failed on this request. Retry it; if it fails again, give the operator the correlation id {correlation}.",
                    correlation);
        }
    }

    [LoggerMessage(EventId = EventIds.Unexpected, Level = LogLevel.Error, Message = "{Method} {Path} failed unexpectedly (correlation id {CorrelationId})")]
    private static partial void Unexpected(ILogger logger, Exception exception, string method, PathString path, string correlationId);
}

/// <summary>Where <see cref="JobsApiExceptionHandler"/> goes in the pipeline.</summary>
internal static class JobsApiExceptionHandling
{
    /// <summary>Puts the map in front of everything <c>/api</c> runs, the Knox scheme included.</summary>
    public static IApplicationBuilder UseJobsApiExceptionHandler(this IApplicationBuilder app)
        => app.UseWhen(JobsApiExceptionHandler.IsApi, api => api.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Reached only if no IExceptionHandler answered; this one answers every /api request, so never in practice.
            ExceptionHandler = http => ApiResponse.Error(StatusCodes.Status500InternalServerError, "Tracker failed on this request.").ExecuteAsync(http),
        }));
}
