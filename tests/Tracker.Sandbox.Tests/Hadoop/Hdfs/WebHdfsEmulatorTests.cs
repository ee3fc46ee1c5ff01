using System.Net;
using System.Text.Json;
using Tracker.Hadoop;
using Tracker.Hadoop.Tests.Contract;
using Tracker.Hadoop.WebHdfs;
using Tracker.Sandbox.Tests.Hadoop;

namespace Tracker.Sandbox.Tests.Hadoop.Hdfs;

/// <summary>The emulated WebHDFS: HDFS's semantics and the documented wire shapes (§4.3, §7.5).</summary>
public sealed class WebHdfsEmulatorTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Permission_is_honoured_on_mkdirs_and_create_and_reads_are_checked_by_mode_bits()
    {
        var directory = $"/user/alice/owner-only-{Guid.NewGuid():N}";
        Assert.True(await sandbox.WebHdfs.MakeDirectoryAsync(SandboxFixture.Alice, directory, "700"));
        using (var content = new MemoryStream("mine"u8.ToArray()))
        {
            await sandbox.WebHdfs.CreateAsync(SandboxFixture.Alice, $"{directory}/f", content, permission: "600");
        }

        using (var content = new MemoryStream("default"u8.ToArray()))
        {
            await sandbox.WebHdfs.CreateAsync(SandboxFixture.Alice, $"{directory}/g", content);
        }

        Assert.Equal("700", (await sandbox.WebHdfs.GetFileStatusAsync(SandboxFixture.Alice, directory))!.Permission);
        Assert.Equal("600", (await sandbox.WebHdfs.GetFileStatusAsync(SandboxFixture.Alice, $"{directory}/f"))!.Permission);
        Assert.Equal("644", (await sandbox.WebHdfs.GetFileStatusAsync(SandboxFixture.Alice, $"{directory}/g"))!.Permission);
        Assert.Equal("mine", await sandbox.ReadAsync(SandboxFixture.Alice, $"{directory}/f"));

        foreach (var op in (string[])["OPEN", "GETFILESTATUS", "LISTSTATUS"])
        {
            using var refused = await sandbox.SendAsync(HttpMethod.Get, $"webhdfs/v1{directory}/g?op={op}", SandboxFixture.Bob);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            var remote = body.RootElement.GetProperty("RemoteException");
            Assert.Equal("AccessControlException", remote.GetProperty("exception").GetString());
            Assert.Equal("org.apache.hadoop.security.AccessControlException", remote.GetProperty("javaClassName").GetString());
            Assert.Equal($"Permission denied: user=bob, access=EXECUTE, inode=\"{directory}\":alice:supergroup:drwx------", remote.GetProperty("message").GetString());
        }

        using var bad = await sandbox.SendAsync(HttpMethod.Put, $"webhdfs/v1{directory}/h?op=MKDIRS&permission=u%2Brwx", SandboxFixture.Alice);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Create_and_open_redirect_through_the_knox_datanode_path()
    {
        using var create = await sandbox.SendAsync(HttpMethod.Put, "webhdfs/v1/user/alice/wire/a.txt?op=CREATE&overwrite=false", SandboxFixture.Alice);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, create.StatusCode);
        var location = create.Headers.Location!;
        Assert.StartsWith(new Uri(sandbox.Sandbox.GatewayUrl, "webhdfs/data/v1/user/alice/wire/a.txt?_=").AbsoluteUri, location.AbsoluteUri);
        Assert.Equal(0, create.Content.Headers.ContentLength);

        using var data = await sandbox.Http.SendAsync(new HttpRequestMessage(HttpMethod.Put, location)
        {
            Content = new ByteArrayContent("hello hdfs"u8.ToArray()),
            Headers = { Authorization = SandboxFixture.Alice.ToAuthorizationHeader() },
        });
        Assert.Equal(HttpStatusCode.Created, data.StatusCode);

        using var open = await sandbox.SendAsync(HttpMethod.Get, "webhdfs/v1/user/alice/wire/a.txt?op=OPEN&offset=6&length=4", SandboxFixture.Alice);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, open.StatusCode);
        using var read = await sandbox.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, open.Headers.Location)
        {
            Headers = { Authorization = SandboxFixture.Alice.ToAuthorizationHeader() },
        });
        Assert.Equal("application/octet-stream", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal("hdfs", await read.Content.ReadAsStringAsync());

        using var anonymous = await sandbox.Http.GetAsync(open.Headers.Location);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Statuses_carry_the_documented_fields()
    {
        await sandbox.UploadAsync(SandboxFixture.Alice, "/user/alice/shapes/f.txt", "12345");

        var file = await sandbox.GetJsonAsync("webhdfs/v1/user/alice/shapes/f.txt?op=GETFILESTATUS");
        var listing = await sandbox.GetJsonAsync("webhdfs/v1/user/alice/shapes?op=LISTSTATUS");
        var made = await sandbox.GetJsonAsync("webhdfs/v1/user/alice/shapes?op=GETFILESTATUS");

        var reference = JsonDocument.Parse(ReferenceExamples.FileStatus).RootElement.GetProperty("FileStatus");
        var status = file.GetProperty("FileStatus");
        foreach (var field in ReferenceExamples.FileStatusFields)
        {
            Assert.Equal(reference.GetProperty(field).ValueKind, status.GetProperty(field).ValueKind);
        }

        Assert.Equal(5, status.GetProperty("length").GetInt64());
        Assert.Equal("alice", status.GetProperty("owner").GetString());
        Assert.Equal("644", status.GetProperty("permission").GetString());
        Assert.Equal("FILE", status.GetProperty("type").GetString());
        var entry = listing.GetProperty("FileStatuses").GetProperty("FileStatus")[0];
        foreach (var field in ReferenceExamples.FileStatusFields.Concat(ReferenceExamples.ListStatusExtraFields))
        {
            Assert.True(entry.TryGetProperty(field, out _), field);
        }

        Assert.Equal("f.txt", entry.GetProperty("pathSuffix").GetString());
        Assert.Equal("DIRECTORY", made.GetProperty("FileStatus").GetProperty("type").GetString());
        Assert.Equal("755", made.GetProperty("FileStatus").GetProperty("permission").GetString());
    }

    [Fact]
    public async Task A_missing_file_is_404_with_a_remote_exception()
    {
        using var response = await sandbox.SendAsync(HttpMethod.Get, "webhdfs/v1/user/alice/nothing-here?op=GETFILESTATUS", SandboxFixture.Alice);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("RemoteException");
        var reference = JsonDocument.Parse(ReferenceExamples.RemoteExceptionFileNotFound).RootElement.GetProperty("RemoteException");
        Assert.Equal(reference.EnumerateObject().Select(p => p.Name).Order(), body.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("FileNotFoundException", body.GetProperty("exception").GetString());
        Assert.Equal("java.io.FileNotFoundException", body.GetProperty("javaClassName").GetString());
        Assert.Equal("File does not exist: /user/alice/nothing-here", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Create_without_overwrite_fails_on_an_existing_file()
    {
        await sandbox.UploadAsync(SandboxFixture.Alice, "/user/alice/exists.txt", "first", overwrite: false);

        var error = await Assert.ThrowsAsync<WebHdfsException>(() => sandbox.UploadAsync(SandboxFixture.Alice, "/user/alice/exists.txt", "second", overwrite: false));
        await sandbox.UploadAsync(SandboxFixture.Alice, "/user/alice/exists.txt", "third", overwrite: true);

        Assert.True(error.IsFileAlreadyExists);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("third", await sandbox.ReadAsync(SandboxFixture.Alice, "/user/alice/exists.txt"));
    }

    [Fact]
    public async Task Rename_onto_an_existing_file_fails_and_changes_nothing()
    {
        await sandbox.UploadAsync(SandboxFixture.Bob, "/user/bob/r/a", "a");
        await sandbox.UploadAsync(SandboxFixture.Bob, "/user/bob/r/b", "b");

        var onto = await sandbox.WebHdfs.RenameAsync(SandboxFixture.Bob, "/user/bob/r/a", "/user/bob/r/b");
        var missing = await sandbox.WebHdfs.RenameAsync(SandboxFixture.Bob, "/user/bob/r/none", "/user/bob/r/c");
        var moved = await sandbox.WebHdfs.RenameAsync(SandboxFixture.Bob, "/user/bob/r/a", "/user/bob/r/c");

        Assert.False(onto);
        Assert.False(missing);
        Assert.True(moved);
        Assert.Equal("b", await sandbox.ReadAsync(SandboxFixture.Bob, "/user/bob/r/b"));
        Assert.Equal("a", await sandbox.ReadAsync(SandboxFixture.Bob, "/user/bob/r/c"));
        Assert.Null(await sandbox.WebHdfs.GetFileStatusAsync(SandboxFixture.Bob, "/user/bob/r/a"));
    }

    [Fact]
    public async Task Users_write_only_in_their_own_home_but_read_everywhere()
    {
        await sandbox.UploadAsync(SandboxFixture.Alice, "/user/alice/shared.txt", "for everyone");

        var write = await Assert.ThrowsAsync<WebHdfsException>(() => sandbox.UploadAsync(SandboxFixture.Bob, "/user/alice/from-bob.txt", "x"));
        var mkdir = await Assert.ThrowsAsync<WebHdfsException>(() => sandbox.WebHdfs.MakeDirectoryAsync(SandboxFixture.Bob, "/user/alice/bobs"));
        var delete = await Assert.ThrowsAsync<WebHdfsException>(() => sandbox.WebHdfs.DeleteAsync(SandboxFixture.Bob, "/user/alice/shared.txt"));
        var outside = await Assert.ThrowsAsync<WebHdfsException>(() => sandbox.WebHdfs.MakeDirectoryAsync(SandboxFixture.Bob, "/apps/bob"));

        Assert.All(new[] { write, mkdir, delete, outside }, e => Assert.True(e.IsAccessDenied, e.Message));
        Assert.Equal("for everyone", await sandbox.ReadAsync(SandboxFixture.Bob, "/user/alice/shared.txt"));
        Assert.True(await sandbox.WebHdfs.MakeDirectoryAsync(SandboxFixture.Bob, "/tmp/bob-scratch"));
    }

    [Fact]
    public async Task Delete_follows_hdfs_rules()
    {
        await sandbox.UploadAsync(SandboxFixture.Bob, "/user/bob/d/inner/f", "x");

        var notEmpty = await Assert.ThrowsAsync<WebHdfsException>(() => sandbox.WebHdfs.DeleteAsync(SandboxFixture.Bob, "/user/bob/d", recursive: false));
        var deleted = await sandbox.WebHdfs.DeleteAsync(SandboxFixture.Bob, "/user/bob/d", recursive: true);
        var again = await sandbox.WebHdfs.DeleteAsync(SandboxFixture.Bob, "/user/bob/d", recursive: true);

        Assert.Equal(HttpStatusCode.Forbidden, notEmpty.StatusCode);
        Assert.True(deleted);
        Assert.False(again);
    }

    [Theory]
    [InlineData("GET", "webhdfs/v1/user/alice?op=NOPE")]
    [InlineData("GET", "webhdfs/v1/user/alice")]
    [InlineData("PUT", "webhdfs/v1/user/alice/x?op=RENAME&destination=relative")]
    [InlineData("GET", "webhdfs/v1/user/alice/a:b?op=GETFILESTATUS")]
    public async Task Bad_requests_are_400_illegal_argument(string method, string relative)
    {
        using var response = await sandbox.SendAsync(new HttpMethod(method), relative, SandboxFixture.Alice);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("IllegalArgumentException", body.GetProperty("RemoteException").GetProperty("exception").GetString());
    }

    [Fact]
    public async Task Files_live_under_the_data_directory()
    {
        await sandbox.UploadAsync(SandboxFixture.Alice, "/user/alice/on-disk.txt", "persisted");

        var physical = Path.Combine(sandbox.DataDirectory, "hdfs", "user", "alice", "on-disk.txt");
        Assert.Equal("persisted", await File.ReadAllTextAsync(physical));
    }
}
