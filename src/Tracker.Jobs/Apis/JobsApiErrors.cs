using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tracker.Jobs.Apis;

/// <summary>
/// The <c>/api</c> answers no route of its own writes: an unknown path (404), a known path asked with the wrong
/// method (405, with routing's <c>Allow</c> kept) and an unexpected exception (500 with a correlation id that is
/// also in the one log line about it). Each comes in the API's own error format instead of an empty body.
/// </summary>
internal static partial class JobsApiErrors
{
    public const string CorrelationHeader = "X-Correlation-Id";

    public static IApplicationBuilder UseJobsApiErrors(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            await next(http);
            return;
        }

        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            var correlation = http.TraceIdentifier;
            var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tracker.Jobs.Api");
            Unexpected(logger, e, http.Request.Method, http.Request.Path, correlation);
            http.Response.Clear();
            http.Response.Headers[CorrelationHeader] = correlation;
            await ApiResponse.Error(StatusCodes.Status500InternalServerError,
                $"Tracker failed on this request. Retry it; if it fails again, give the operator the correlation id {correlation}.",
                correlation).ExecuteAsync(http);
            return;
        }

        if (http.Response.HasStarted)
        {
            return;
        }

        switch (http.Response.StatusCode)
        {
            case StatusCodes.Status404NotFound:
                await ApiResponse.Error(404, "Not found.").ExecuteAsync(http);
                break;
            case StatusCodes.Status405MethodNotAllowed:
                await ApiResponse.Error(405, $"{http.Request.Method} is not allowed here; use {http.Response.Headers.Allow}.").ExecuteAsync(http);
                break;
        }
    });

    [LoggerMessage(EventId = 3501, Level = LogLevel.Error, Message = "{Method} {Path} failed unexpectedly (correlation id {CorrelationId})")]
    private static partial void Unexpected(ILogger logger, Exception exception, string method, PathString path, string correlationId);
}
