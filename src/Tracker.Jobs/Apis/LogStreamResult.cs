using Microsoft.AspNetCore.Http;
using Tracker.Hadoop;
using Tracker.Hadoop.WebHdfs;

namespace Tracker.Jobs.Apis;

/// <summary>
/// Streams copied log files from HDFS one after another as <c>text/plain</c>, without buffering them. The first
/// file is opened before the status line is sent, so a missing file can still become a proper error.
/// </summary>
internal sealed class LogStreamResult(IWebHdfsClient webHdfs, KnoxCredentials credentials, IReadOnlyList<string> paths, bool skipMissing) : IResult
{
    /// <summary>A bound on one answer, so a stalled DataNode cannot hold a request forever.</summary>
    private static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted);
        limit.CancelAfter(MaxDuration);
        var ct = limit.Token;
        var response = httpContext.Response;
        var started = false;
        foreach (var path in paths)
        {
            // A failure before anything was sent is still answered in the API's format, by the error map.
            await using var stream = await webHdfs.OpenAsync(credentials, path, cancellationToken: ct);
            if (stream is null)
            {
                if (skipMissing)
                {
                    continue;
                }

                await ApiResponse.Error(404, $"The copied log {path} is no longer in HDFS.").ExecuteAsync(httpContext);
                return;
            }

            if (!started)
            {
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "text/plain; charset=utf-8";
                started = true;
            }

            await stream.CopyToAsync(response.Body, 64 * 1024, ct);
        }

        if (!started)
        {
            await ApiResponse.Error(404, "The copied logs are no longer in HDFS.").ExecuteAsync(httpContext);
        }
    }
}
