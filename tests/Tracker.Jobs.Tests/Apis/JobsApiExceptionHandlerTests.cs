using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tracker.Hadoop;
using Tracker.Jobs.Apis;

namespace Tracker.Jobs.Tests.Apis;

/// <summary>The one error map of /api: every route kind answers the same failure with the same status and body.</summary>
public sealed class JobsApiExceptionHandlerTests
{
    // One route of each kind: a store read, an Oozie call, a POST with a body, a streamed log, a pass-through.
    public static TheoryData<string> Routes => new()
    {
        "/api/jobs/tracking",
        "/api/job/0000001-180716060648641-oozie-W/status",
        "/api/task/copy-logs",
        "/api/job/0000001-180716060648641-oozie-W/logs",
        "/api/cluster",
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_timeout_is_504_on_every_route_kind(string path)
    {
        var (handled, status, body, _) = await HandleAsync(path, new HadoopTimeoutException(HadoopService.Oozie, TimeSpan.FromSeconds(3)));

        Assert.True(handled);
        Assert.Equal(504, status);
        Assert.Equal(504, body.GetProperty("status_code").GetInt32());
        Assert.Contains("did not answer within", body.GetProperty("message").GetString());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Knox_refusing_is_the_401_challenge_on_every_route_kind(string path)
    {
        var (_, status, body, response) = await HandleAsync(path, new KnoxAuthenticationException(HadoopService.WebHdfs, "BASIC realm=\"x\""));

        Assert.Equal(401, status);
        Assert.Equal("Knox refused the credentials.", body.GetProperty("message").GetString());
        Assert.Equal("Basic realm=\"KNOX Credentials\"", response.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task Other_upstream_failures_are_502_and_hdfs_refusing_the_caller_is_403()
    {
        var (_, upstream, _, _) = await HandleAsync("/api/cluster", new OozieException(HttpStatusCode.InternalServerError, "E0000", "boom"));
        var (_, denied, _, _) = await HandleAsync("/api/job/0000001-180716060648641-oozie-W/logs",
            new WebHdfsException(HttpStatusCode.Forbidden, "AccessControlException", "org.apache.hadoop.security.AccessControlException", "Permission denied"));

        Assert.Equal(502, upstream);
        Assert.Equal(403, denied);
    }

    [Fact]
    public async Task A_bad_request_keeps_its_status_and_anything_else_is_a_500_with_a_correlation_id()
    {
        var (_, tooLarge, tooLargeBody, _) = await HandleAsync("/api/task/track", new BadHttpRequestException("Request body too large.", 413));
        var (_, failed, failedBody, response) = await HandleAsync("/api/jobs/tracking", new InvalidOperationException("no such table"));

        Assert.Equal(413, tooLarge);
        Assert.Equal("Request body too large.", tooLargeBody.GetProperty("message").GetString());
        Assert.Equal(500, failed);
        var correlation = failedBody.GetProperty("correlation_id").GetString();
        Assert.Equal(correlation, response.Headers[JobsApiExceptionHandler.CorrelationHeader].ToString());
        Assert.DoesNotContain("no such table", failedBody.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Paths_outside_api_are_left_to_their_own_area()
    {
        var (handled, _, _, _) = await HandleAsync("/v2/topologies", new HadoopTimeoutException(HadoopService.Oozie, TimeSpan.FromSeconds(3)));

        Assert.False(handled);
    }

    private static async Task<(bool Handled, int Status, JsonElement Body, HttpResponse Response)> HandleAsync(string path, Exception exception)
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
        http.Request.Path = path;
        http.TraceIdentifier = "trace-1";
        var body = new MemoryStream();
        http.Response.Body = body;

        var handled = await new JobsApiExceptionHandler(NullLogger<JobsApiExceptionHandler>.Instance).TryHandleAsync(http, exception, CancellationToken.None);

        var json = body.Length == 0 ? default : JsonDocument.Parse(body.ToArray()).RootElement.Clone();
        return (handled, http.Response.StatusCode, json, http.Response);
    }
}
