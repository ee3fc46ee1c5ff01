using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Tracker.Hadoop.Gateway;
using Tracker.Hadoop.Oozie;

namespace Tracker.Hadoop.WebHdfs;

internal sealed class WebHdfsClient(KnoxHttp gateway) : IWebHdfsClient
{
    public async Task<bool> MakeDirectoryAsync(KnoxCredentials credentials, string path, string? permission, CancellationToken cancellationToken)
    {
        var query = permission is null ? "op=MKDIRS" : $"op=MKDIRS&permission={Uri.EscapeDataString(permission)}";
        using var response = await SendAsync(credentials, HttpMethod.Put, path, query, idempotent: true, cancellationToken);
        return await ReadBooleanAsync(response, $"MKDIRS {path}", cancellationToken);
    }

    public async Task CreateAsync(
        KnoxCredentials credentials, string path, Stream content, bool overwrite, string? permission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var retryable = overwrite && content.CanSeek;
        var start = content.CanSeek ? content.Position : 0;
        var query = $"op=CREATE&overwrite={(overwrite ? "true" : "false")}"
            + (permission is null ? "" : $"&permission={Uri.EscapeDataString(permission)}");

        Uri location;
        using (var redirect = await SendAsync(credentials, HttpMethod.Put, path, query, retryable, cancellationToken))
        {
            location = await RedirectLocationAsync(redirect, $"CREATE {path}", cancellationToken);
        }

        using var written = await gateway.SendAsync(
            HadoopService.WebHdfs,
            credentials,
            () =>
            {
                if (content.CanSeek)
                {
                    content.Position = start;
                }

                var body = new UnownedStreamContent(content);
                body.Headers.ContentType = new("application/octet-stream");
                return new HttpRequestMessage(HttpMethod.Put, location) { Content = body };
            },
            retryable,
            cancellationToken);
        if (written.StatusCode != HttpStatusCode.Created)
        {
            throw await ErrorAsync(written, $"CREATE {path} at the DataNode", cancellationToken);
        }
    }

    public async Task<Stream?> OpenAsync(
        KnoxCredentials credentials, string path, long? offset, long? length, CancellationToken cancellationToken)
    {
        var query = new StringBuilder("op=OPEN");
        if (offset is { } o)
        {
            query.Append(CultureInfo.InvariantCulture, $"&offset={o}");
        }

        if (length is { } l)
        {
            query.Append(CultureInfo.InvariantCulture, $"&length={l}");
        }

        Uri location;
        using (var redirect = await SendAsync(credentials, HttpMethod.Get, path, query.ToString(), idempotent: true, cancellationToken))
        {
            if (redirect.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            location = await RedirectLocationAsync(redirect, $"OPEN {path}", cancellationToken);
        }

        var data = await gateway.SendAsync(
            HadoopService.WebHdfs,
            credentials,
            () => new HttpRequestMessage(HttpMethod.Get, location),
            idempotent: true,
            cancellationToken,
            streaming: true);
        if (data.StatusCode == HttpStatusCode.NotFound)
        {
            data.Dispose();
            return null;
        }

        if (data.StatusCode != HttpStatusCode.OK)
        {
            using (data)
            {
                throw await ErrorAsync(data, $"OPEN {path} at the DataNode", cancellationToken);
            }
        }

        return new ResponseStream(data, await data.Content.ReadAsStreamAsync(cancellationToken));
    }

    public async Task<HdfsFileStatus?> GetFileStatusAsync(KnoxCredentials credentials, string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(credentials, HttpMethod.Get, path, "op=GETFILESTATUS", idempotent: true, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ErrorAsync(response, $"GETFILESTATUS {path}", cancellationToken);
        }

        using var json = await KnoxHttp.ReadJsonAsync(HadoopService.WebHdfs, response, cancellationToken);
        return json.RootElement.TryGetProperty("FileStatus", out var status)
            ? ReadStatus(status)
            : throw new WebHdfsException(response.StatusCode, null, null, $"GETFILESTATUS {path}: the answer carries no FileStatus.");
    }

    public async Task<IReadOnlyList<HdfsFileStatus>?> ListStatusAsync(KnoxCredentials credentials, string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(credentials, HttpMethod.Get, path, "op=LISTSTATUS", idempotent: true, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ErrorAsync(response, $"LISTSTATUS {path}", cancellationToken);
        }

        using var json = await KnoxHttp.ReadJsonAsync(HadoopService.WebHdfs, response, cancellationToken);
        if (json.RootElement.TryGetProperty("FileStatuses", out var statuses)
            && statuses.TryGetProperty("FileStatus", out var list)
            && list.ValueKind == JsonValueKind.Array)
        {
            return list.EnumerateArray().Select(ReadStatus).ToArray();
        }

        throw new WebHdfsException(response.StatusCode, null, null, $"LISTSTATUS {path}: the answer carries no FileStatuses.");
    }

    public async Task<bool> RenameAsync(KnoxCredentials credentials, string source, string destination, CancellationToken cancellationToken)
    {
        CheckPath(destination);
        using var response = await SendAsync(
            credentials, HttpMethod.Put, source, $"op=RENAME&destination={Uri.EscapeDataString(destination)}", idempotent: false, cancellationToken);
        return await ReadBooleanAsync(response, $"RENAME {source}", cancellationToken);
    }

    public async Task<bool> DeleteAsync(KnoxCredentials credentials, string path, bool recursive, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            credentials, HttpMethod.Delete, path, $"op=DELETE&recursive={(recursive ? "true" : "false")}", idempotent: true, cancellationToken);
        return await ReadBooleanAsync(response, $"DELETE {path}", cancellationToken);
    }

    /// <summary><c>webhdfs/v1/{path}</c> with each segment escaped.</summary>
    internal static string RelativeUrl(string path, string query)
    {
        CheckPath(path);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString);
        return $"webhdfs/v1/{string.Join('/', segments)}?{query}";
    }

    private Task<HttpResponseMessage> SendAsync(
        KnoxCredentials credentials, HttpMethod method, string path, string query, bool idempotent, CancellationToken cancellationToken)
    {
        var url = gateway.ServiceUrl(RelativeUrl(path, query));
        return gateway.SendAsync(HadoopService.WebHdfs, credentials, () => new HttpRequestMessage(method, url), idempotent, cancellationToken);
    }

    private static void CheckPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"An HDFS path must be absolute: '{path}'.", nameof(path));
        }
    }

    private static async Task<Uri> RedirectLocationAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.Redirect or HttpStatusCode.SeeOther
            && response.Headers.Location is { } location)
        {
            return location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
        }

        if (response.IsSuccessStatusCode)
        {
            throw new WebHdfsException(response.StatusCode, null, null,
                $"{what}: expected a 307 redirect to a DataNode, got {(int)response.StatusCode}.");
        }

        throw await ErrorAsync(response, what, cancellationToken);
    }

    private static async Task<bool> ReadBooleanAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ErrorAsync(response, what, cancellationToken);
        }

        using var json = await KnoxHttp.ReadJsonAsync(HadoopService.WebHdfs, response, cancellationToken);
        return json.RootElement.TryGetProperty("boolean", out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw new WebHdfsException(response.StatusCode, null, null, $"{what}: the answer carries no boolean.");
    }

    private static async Task<WebHdfsException> ErrorAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("RemoteException", out var remote))
            {
                var exception = OozieJson.String(remote, "exception");
                return new WebHdfsException(
                    response.StatusCode, exception, OozieJson.String(remote, "javaClassName"),
                    $"{what}: {(int)response.StatusCode} {exception}: {OozieJson.String(remote, "message")}");
            }
        }
        catch (JsonException)
        {
            // Not WebHDFS's error shape (a proxy's page, say): report the status and the start of the body.
        }

        return new WebHdfsException(response.StatusCode, null, null,
            $"{what}: {(int)response.StatusCode} {(body.Length > 200 ? body[..200] : body)}".TrimEnd());
    }

    private static HdfsFileStatus ReadStatus(JsonElement e) => new(
        PathSuffix: OozieJson.String(e, "pathSuffix") ?? "",
        Type: OozieJson.String(e, "type") switch
        {
            "DIRECTORY" => HdfsFileType.Directory,
            "SYMLINK" => HdfsFileType.Symlink,
            _ => HdfsFileType.File,
        },
        Length: Long(e, "length"),
        Owner: OozieJson.String(e, "owner") ?? "",
        Group: OozieJson.String(e, "group") ?? "",
        Permission: OozieJson.String(e, "permission") ?? "",
        ModificationTime: DateTimeOffset.FromUnixTimeMilliseconds(Long(e, "modificationTime")),
        AccessTime: DateTimeOffset.FromUnixTimeMilliseconds(Long(e, "accessTime")),
        BlockSize: Long(e, "blockSize"),
        Replication: (int)Long(e, "replication"));

    private static long Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? l : 0;

    /// <summary>Sends the caller's stream without taking ownership: a retried attempt sends it again.</summary>
    private sealed class UnownedStreamContent(Stream content) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            content.CopyToAsync(stream);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            content.CopyToAsync(stream, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = content.CanSeek ? content.Length - content.Position : -1;
            return content.CanSeek;
        }
    }

    /// <summary>The DataNode's body; disposing it releases the response and its connection.</summary>
    private sealed class ResponseStream(HttpResponseMessage response, Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
