using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tracker.Jobs.Apis;

/// <summary>
/// The <c>/api</c> answers no route writes: an unknown path (404) and a known path asked with the wrong method
/// (405, with routing's <c>Allow</c> kept), each in the API's own error format instead of an empty body.
/// Exceptions are <see cref="JobsApiExceptionHandler"/>'s.
/// </summary>
internal static class JobsApiErrors
{
    public static IApplicationBuilder UseJobsApiErrors(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        await next(http);
        if (!JobsApiExceptionHandler.IsApi(http) || http.Response.HasStarted)
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
}
