using System.Net;
using Microsoft.AspNetCore.Http;
using Tracker.Hadoop.Oozie;

namespace Tracker.Hadoop.Tests.Gateway;

/// <summary>The clients against a scripted gateway that misbehaves: slow, failing, refusing.</summary>
public sealed class FailureTests
{
    private static readonly KnoxCredentials Alice = KnoxCredentials.Basic("alice", "alice-secret");

    [Fact]
    public async Task A_gateway_that_never_answers_times_out_after_the_retries()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, _) =>
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }));
        using var clients = server.CreateClients(o => o.RequestTimeout = TimeSpan.FromMilliseconds(1000));

        var error = await Assert.ThrowsAsync<HadoopTimeoutException>(() => clients.Oozie.GetJobInfoAsync(Alice, "0000001-1-oozie-W"));

        Assert.Equal(HadoopService.Oozie, error.Service);
        // The client gives up on the last attempt as soon as it times out; the server may still be
        // dispatching that request, so its count is read once it has caught up (or the deadline passed).
        await Eventually.TrueAsync(() => server.Attempts >= 3, "the server to see the third attempt", TimeSpan.FromSeconds(5));
        Assert.Equal(3, server.Attempts);
    }

    [Fact]
    public async Task A_submission_that_times_out_is_not_sent_twice()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, _) =>
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }));
        using var clients = server.CreateClients(o => o.RequestTimeout = TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<HadoopTimeoutException>(() =>
            clients.Oozie.SubmitWorkflowAsync(Alice, new Dictionary<string, string> { ["user.name"] = "alice" }));

        Assert.Equal(1, server.Attempts);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_success()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, attempt) =>
        {
            if (attempt < 3)
            {
                context.Response.StatusCode = attempt == 1 ? 503 : 500;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Contract.ReferenceExamples.StatusAnswer);
        });
        using var clients = server.CreateClients();

        var status = await clients.Oozie.GetJobStatusAsync(Alice, "0000001-1-oozie-W");

        Assert.Equal("SUCCEEDED", Assert.IsType<OozieLookup<string>.Found>(status).Value);
        Assert.Equal(3, server.Attempts);
    }

    [Fact]
    public async Task Server_errors_beyond_the_retries_surface_with_their_status()
    {
        await using var server = await ScriptedServer.AnsweringAsync(502);
        using var clients = server.CreateClients();

        var error = await Assert.ThrowsAsync<HadoopUpstreamException>(() => clients.ResourceManager.GetClusterInfoAsync(Alice));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal(3, server.Attempts);
    }

    [Fact]
    public async Task A_rename_is_never_retried()
    {
        await using var server = await ScriptedServer.AnsweringAsync(503);
        using var clients = server.CreateClients();

        var error = await Assert.ThrowsAsync<WebHdfsException>(() => clients.WebHdfs.RenameAsync(Alice, "/user/alice/a.tmp", "/user/alice/a"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(1, server.Attempts);
    }

    [Fact]
    public async Task Knox_401_is_an_authentication_failure_and_is_not_retried()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "BASIC realm=\"application\"";
            return Task.CompletedTask;
        });
        using var clients = server.CreateClients();

        var error = await Assert.ThrowsAsync<KnoxAuthenticationException>(() => clients.Oozie.GetJobInfoAsync(Alice, "0000001-1-oozie-W"));
        var hdfsError = await Assert.ThrowsAsync<KnoxAuthenticationException>(() => clients.WebHdfs.GetFileStatusAsync(Alice, "/user/alice"));

        Assert.Equal("BASIC realm=\"application\"", error.WwwAuthenticate);
        Assert.Equal(HadoopService.WebHdfs, hdfsError.Service);
        Assert.Equal(2, server.Attempts);
        Assert.DoesNotContain("alice-secret", error.Message);
    }

    [Fact]
    public async Task Oozie_400_with_E0604_is_a_typed_not_found()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 400;
            context.Response.Headers["oozie-error-code"] = "E0604";
            context.Response.Headers["oozie-error-message"] = "E0604: Job does not exist [0000009-1-oozie-W]";
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>E0604</body></html>");
        });
        using var clients = server.CreateClients();

        var info = await clients.Oozie.GetJobInfoAsync(Alice, "0000009-1-oozie-W");
        var log = await clients.Oozie.GetJobLogAsync(Alice, "0000009-1-oozie-W");

        var missing = Assert.IsType<OozieLookup<WorkflowJob>.NotFound>(info);
        Assert.Equal("0000009-1-oozie-W", missing.JobId);
        Assert.Equal("E0604", missing.ErrorCode);
        Assert.Equal("E0604: Job does not exist [0000009-1-oozie-W]", missing.Message);
        Assert.IsType<OozieLookup<string>.NotFound>(log);
        Assert.Equal(2, server.Attempts);
    }

    [Fact]
    public async Task Other_Oozie_400s_are_errors_with_their_code()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 400;
            context.Response.Headers["oozie-error-code"] = "E0303";
            context.Response.Headers["oozie-error-message"] = "E0303: Invalid parameter value, [show] = [x]";
            return Task.CompletedTask;
        });
        using var clients = server.CreateClients();

        var error = await Assert.ThrowsAsync<OozieException>(() => clients.Oozie.GetJobInfoAsync(Alice, "0000001-1-oozie-W"));

        Assert.Equal("E0303", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(1, server.Attempts);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_an_upstream_error()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html>proxy login page</html>");
        });
        using var clients = server.CreateClients();

        var error = await Assert.ThrowsAsync<HadoopUpstreamException>(() => clients.ResourceManager.GetClusterMetricsAsync(Alice));

        Assert.Contains("not JSON", error.Message);
    }

    [Fact]
    public async Task A_gateway_that_is_down_is_an_upstream_error_without_status()
    {
        Uri url;
        await using (var gone = await ScriptedServer.StartAsync((_, _) => Task.CompletedTask))
        {
            url = gone.Url;
        }

        await using var other = await ScriptedServer.StartAsync((_, _) => Task.CompletedTask);
        using var clients = other.CreateClients(o => o.Url = new Uri(url, "gateway/sandbox"));

        var error = await Assert.ThrowsAsync<HadoopUpstreamException>(() => clients.Oozie.ListJobsAsync(Alice, new WorkflowJobQuery()));

        Assert.Null(error.StatusCode);
        Assert.Equal(0, other.Attempts);
    }
}
