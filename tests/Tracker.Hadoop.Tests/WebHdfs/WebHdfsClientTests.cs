using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tracker.Hadoop.Tests.Contract;
using Tracker.Hadoop.WebHdfs;

namespace Tracker.Hadoop.Tests.WebHdfs;

/// <summary>WebHDFS calls against a scripted NameNode/DataNode pair (§4.3, §7.5).</summary>
public sealed class WebHdfsClientTests
{
    private static readonly KnoxCredentials Jane = KnoxCredentials.Basic("jane", "jane-secret");

    [Fact]
    public async Task Create_is_two_steps_with_the_body_only_at_the_datanode()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) =>
        {
            if (context.Request.Path.StartsWithSegments("/gateway/sandbox/webhdfs/v1"))
            {
                context.Response.StatusCode = 307;
                context.Response.Headers.Location = $"http://{context.Request.Host}/gateway/sandbox/webhdfs/data/v1/user/jane/WORK/a%20b.xml?_=encrypted";
                return Task.CompletedTask;
            }

            context.Response.StatusCode = 201;
            context.Response.Headers.Location = "webhdfs://sandbox:8020/user/jane/WORK/a b.xml";
            return Task.CompletedTask;
        });
        using var clients = server.CreateClients();

        await clients.WebHdfs.CreateAsync(Jane, "/user/jane/WORK/a b.xml", new MemoryStream("<workflow-app/>"u8.ToArray()), overwrite: true);

        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal("PUT", requests[0].Method);
        Assert.Equal("/gateway/sandbox/webhdfs/v1/user/jane/WORK/a%20b.xml?op=CREATE&overwrite=true", requests[0].PathAndQuery);
        Assert.Equal("", requests[0].Body);
        Assert.Equal("PUT", requests[1].Method);
        Assert.Equal("/gateway/sandbox/webhdfs/data/v1/user/jane/WORK/a%20b.xml?_=encrypted", requests[1].PathAndQuery);
        Assert.Equal("application/octet-stream", requests[1].ContentType);
        Assert.Equal("<workflow-app/>", requests[1].Body);
        Assert.All(requests, r => Assert.Equal(Jane.ToAuthorizationHeader().ToString(), r.Authorization));
    }

    [Fact]
    public async Task Create_without_overwrite_reports_an_existing_file()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, attempt) =>
        {
            if (attempt == 1)
            {
                context.Response.StatusCode = 307;
                context.Response.Headers.Location = $"http://{context.Request.Host}/dn?_=x";
                return;
            }

            context.Response.StatusCode = 403;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"RemoteException":{"exception":"FileAlreadyExistsException","javaClassName":"org.apache.hadoop.fs.FileAlreadyExistsException","message":"/user/jane/x for client 127.0.0.1 already exists"}}""");
        });
        using var clients = server.CreateClients();

        var error = await Assert.ThrowsAsync<WebHdfsException>(() => clients.WebHdfs.CreateAsync(Jane, "/user/jane/x", new MemoryStream([1])));

        Assert.True(error.IsFileAlreadyExists);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("/gateway/sandbox/webhdfs/v1/user/jane/x?op=CREATE&overwrite=false", server.Requests.First().PathAndQuery);
        Assert.Equal(2, server.Attempts);
    }

    [Fact]
    public async Task Create_answered_without_a_redirect_is_a_clear_upstream_error()
    {
        await using var server = await ScriptedServer.StartAsync((context, _) => Task.CompletedTask);
        using var clients = server.CreateClients();

        var error = await Assert.ThrowsAsync<WebHdfsException>(() => clients.WebHdfs.CreateAsync(Jane, "/user/jane/x", new MemoryStream([1])));

        Assert.Contains("expected a 307", error.Message);
    }

    [Fact]
    public async Task A_redirect_to_a_datanode_that_refuses_is_an_upstream_error()
    {
        var refusingPort = FreePort();
        await using var server = await ScriptedServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = $"http://127.0.0.1:{refusingPort}/webhdfs/v1/user/jane/x?op=OPEN&namenoderpcaddress=nn:8020";
            return Task.CompletedTask;
        });
        using var clients = server.CreateClients();

        var open = await Assert.ThrowsAsync<HadoopUpstreamException>(() => clients.WebHdfs.OpenAsync(Jane, "/user/jane/x"));
        var create = await Assert.ThrowsAsync<HadoopUpstreamException>(() =>
            clients.WebHdfs.CreateAsync(Jane, "/user/jane/y", new MemoryStream([1]), overwrite: false));

        Assert.Null(open.StatusCode);
        Assert.Equal(HadoopService.WebHdfs, open.Service);
        Assert.Null(create.StatusCode);

        // One NameNode step each: the DataNode step failed, and a CREATE without overwrite is not retried at all.
        Assert.Equal(2, server.Attempts);
    }

    [Fact]
    public async Task Open_streams_without_buffering_the_file()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            if (context.Request.Query["op"] == "OPEN")
            {
                context.Response.StatusCode = 307;
                context.Response.Headers.Location = $"http://{context.Request.Host}/gateway/sandbox/webhdfs/data/v1/user/jane/big.log?_=x";
                return;
            }

            context.Response.ContentType = "application/octet-stream";
            await context.Response.WriteAsync("first part\n");
            await context.Response.Body.FlushAsync();

            // The rest only comes after the client has read the first part: a buffering client would hang.
            await released.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await context.Response.WriteAsync("second part\n");
        });
        using var clients = server.CreateClients();

        await using var stream = await clients.WebHdfs.OpenAsync(Jane, "/user/jane/big.log", offset: 5, length: 100);
        Assert.NotNull(stream);
        var buffer = new byte[11];
        var read = 0;
        while (read < buffer.Length)
        {
            read += await stream.ReadAsync(buffer.AsMemory(read));
        }

        released.SetResult();
        using var reader = new StreamReader(stream);
        var rest = await reader.ReadToEndAsync();

        Assert.Equal("first part\n", Encoding.UTF8.GetString(buffer));
        Assert.Equal("second part\n", rest);
        Assert.Equal("/gateway/sandbox/webhdfs/v1/user/jane/big.log?op=OPEN&offset=5&length=100", server.Requests.First().PathAndQuery);
    }

    [Fact]
    public async Task Credentials_do_not_follow_a_redirect_to_another_host()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, attempt) =>
        {
            if (attempt == 1)
            {
                // Same server, another origin: a DataNode reached directly, without Knox.
                context.Response.StatusCode = 307;
                context.Response.Headers.Location = $"http://localhost:{context.Request.Host.Port}/webhdfs/v1/user/jane/x?op=OPEN&user.name=jane";
                return;
            }

            await context.Response.WriteAsync("data");
        });
        using var clients = server.CreateClients();

        await using var stream = await clients.WebHdfs.OpenAsync(Jane, "/user/jane/x");

        var requests = server.Requests.ToArray();
        Assert.NotEmpty(requests[0].Authorization);
        Assert.Equal("", requests[1].Authorization);
    }

    [Fact]
    public async Task Missing_paths_are_null_and_statuses_are_read()
    {
        await using var server = await ScriptedServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "application/json";
            var path = context.Request.Path.Value!;
            if (path.EndsWith("/missing", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync(ReferenceExamples.RemoteExceptionFileNotFound);
                return;
            }

            await context.Response.WriteAsync(context.Request.Query["op"].ToString() switch
            {
                "GETFILESTATUS" => ReferenceExamples.FileStatus,
                "LISTSTATUS" => """{"FileStatuses":{"FileStatus":[{"accessTime":0,"blockSize":0,"childrenNum":1,"fileId":16387,"group":"supergroup","length":0,"modificationTime":1320171722771,"owner":"jane","pathSuffix":"WORK","permission":"755","replication":0,"storagePolicy":0,"type":"DIRECTORY"}]}}""",
                _ => """{"boolean": true}""",
            });
        });
        using var clients = server.CreateClients();

        Assert.Null(await clients.WebHdfs.GetFileStatusAsync(Jane, "/user/jane/missing"));
        Assert.Null(await clients.WebHdfs.ListStatusAsync(Jane, "/user/jane/missing"));
        Assert.Null(await clients.WebHdfs.OpenAsync(Jane, "/user/jane/missing"));
        var status = await clients.WebHdfs.GetFileStatusAsync(Jane, "/foo/a.patch");
        var listing = await clients.WebHdfs.ListStatusAsync(Jane, "/user/jane");
        Assert.True(await clients.WebHdfs.MakeDirectoryAsync(Jane, "/user/jane/WORK/logs", "750"));
        Assert.True(await clients.WebHdfs.RenameAsync(Jane, "/user/jane/a.tmp", "/user/jane/WORK/logs/a b.log"));
        Assert.True(await clients.WebHdfs.DeleteAsync(Jane, "/user/jane/old", recursive: true));

        Assert.Equal(new HdfsFileStatus("", HdfsFileType.File, 24930, "webuser", "supergroup", "644",
            DateTimeOffset.FromUnixTimeMilliseconds(1320171722771), DateTimeOffset.FromUnixTimeMilliseconds(1320171722771), 33554432, 1), status);
        Assert.Equal(HdfsFileType.Directory, Assert.Single(listing!).Type);
        Assert.Equal("WORK", listing![0].PathSuffix);
        var requests = server.Requests.Select(r => $"{r.Method} {r.PathAndQuery}").ToArray();
        Assert.Equal(
        [
            "GET /gateway/sandbox/webhdfs/v1/user/jane/missing?op=GETFILESTATUS",
            "GET /gateway/sandbox/webhdfs/v1/user/jane/missing?op=LISTSTATUS",
            "GET /gateway/sandbox/webhdfs/v1/user/jane/missing?op=OPEN",
            "GET /gateway/sandbox/webhdfs/v1/foo/a.patch?op=GETFILESTATUS",
            "GET /gateway/sandbox/webhdfs/v1/user/jane?op=LISTSTATUS",
            "PUT /gateway/sandbox/webhdfs/v1/user/jane/WORK/logs?op=MKDIRS&permission=750",
            "PUT /gateway/sandbox/webhdfs/v1/user/jane/a.tmp?op=RENAME&destination=%2Fuser%2Fjane%2FWORK%2Flogs%2Fa%20b.log",
            "DELETE /gateway/sandbox/webhdfs/v1/user/jane/old?op=DELETE&recursive=true",
        ], requests);
    }

    [Fact]
    public async Task Relative_paths_are_refused_before_any_call()
    {
        await using var server = await ScriptedServer.StartAsync((_, _) => Task.CompletedTask);
        using var clients = server.CreateClients();

        await Assert.ThrowsAsync<ArgumentException>(() => clients.WebHdfs.GetFileStatusAsync(Jane, "user/jane"));
        Assert.Equal(0, server.Attempts);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
