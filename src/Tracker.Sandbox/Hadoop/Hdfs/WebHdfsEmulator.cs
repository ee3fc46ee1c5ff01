using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tracker.Sandbox.Hadoop.Knox;

namespace Tracker.Sandbox.Hadoop.Hdfs;

/// <summary>
/// WebHDFS as Knox exposes it: the NameNode under <c>{gateway}/webhdfs/v1</c> and, for CREATE and OPEN,
/// a 307 to the DataNode step, which Knox rewrites to <c>{gateway}/webhdfs/data/v1/{path}?_={encrypted}</c>.
/// Errors carry WebHDFS's <c>RemoteException</c> body and status.
/// </summary>
internal sealed class WebHdfsEmulator(HdfsFileTree tree, string gatewayPath)
{
    public void Map(IEndpointRouteBuilder gateway)
    {
        gateway.Map("/webhdfs/v1/{**path}", NameNodeAsync);
        gateway.Map("/webhdfs/data/v1/{**path}", DataNodeAsync);
    }

    private async Task NameNodeAsync(HttpContext context, string? path)
    {
        var user = KnoxGatewayEmulator.User(context);
        var request = context.Request;
        var op = request.Query["op"].ToString().ToUpperInvariant();
        var hdfsPath = HdfsFileTree.Normalize("/" + (path ?? ""));
        if (hdfsPath is null)
        {
            await RemoteExceptionAsync(context, 400, "IllegalArgumentException", "java.lang.IllegalArgumentException", $"Invalid path name /{path}");
            return;
        }

        var permission = request.Query["permission"].ToString();
        var mode = HdfsFileTree.ParseMode(permission);
        if (permission.Length > 0 && mode is null)
        {
            await RemoteExceptionAsync(context, 400, "IllegalArgumentException", "java.lang.IllegalArgumentException",
                $"Invalid value for webhdfs parameter \"permission\": Invalid permission: {permission}");
            return;
        }

        // Reads are checked by mode bits before anything is looked at, as the NameNode does.
        var readAccess = op switch
        {
            "GETFILESTATUS" => HdfsFileTree.ReadAccess.Traverse,
            "LISTSTATUS" => HdfsFileTree.ReadAccess.List,
            "OPEN" => HdfsFileTree.ReadAccess.Read,
            _ => (HdfsFileTree.ReadAccess?)null,
        };
        if (request.Method == "GET" && readAccess is { } access && tree.CheckRead(user, hdfsPath, access) is { Succeeded: false } refused)
        {
            await ErrorAsync(context, refused, hdfsPath);
            return;
        }

        switch (request.Method, op)
        {
            case ("GET", "GETFILESTATUS"):
                if (tree.Status(hdfsPath) is { } status)
                {
                    await JsonAsync(context, 200, w => { w.WritePropertyName("FileStatus"); WriteStatus(w, status, ""); });
                }
                else
                {
                    await NotFoundAsync(context, hdfsPath);
                }

                return;
            case ("GET", "LISTSTATUS"):
                if (tree.IsFile(hdfsPath))
                {
                    var file = tree.Status(hdfsPath)!;
                    await JsonAsync(context, 200, w => WriteStatuses(w, [file], _ => ""));
                }
                else if (tree.IsDirectory(hdfsPath))
                {
                    var children = tree.List(hdfsPath);
                    await JsonAsync(context, 200, w => WriteStatuses(w, children, HdfsFileTree.Name));
                }
                else
                {
                    await NotFoundAsync(context, hdfsPath);
                }

                return;
            case ("GET", "OPEN"):
                if (!tree.IsFile(hdfsPath))
                {
                    await NotFoundAsync(context, hdfsPath);
                    return;
                }

                await RedirectAsync(context, hdfsPath, "OPEN", user, null);
                return;
            case ("PUT", "CREATE"):
                // The NameNode only picks a DataNode here; the DataNode step creates (and may refuse).
                await RedirectAsync(context, hdfsPath, "CREATE", user, mode);
                return;
            case ("PUT", "MKDIRS"):
                await BooleanOrErrorAsync(context, tree.MakeDirectories(user, hdfsPath, mode), hdfsPath);
                return;
            case ("PUT", "SETPERMISSION"):
                var set = tree.SetMode(user, hdfsPath, mode ?? 0x1ED);
                if (set.Succeeded)
                {
                    context.Response.StatusCode = 200;
                    context.Response.ContentLength = 0;
                }
                else
                {
                    await ErrorAsync(context, set, hdfsPath);
                }

                return;
            case ("PUT", "RENAME"):
                var destination = HdfsFileTree.Normalize(request.Query["destination"].ToString());
                if (destination is null)
                {
                    await RemoteExceptionAsync(context, 400, "IllegalArgumentException", "java.lang.IllegalArgumentException",
                        $"Invalid value for webhdfs parameter \"destination\": {request.Query["destination"]}");
                    return;
                }

                await BooleanOrErrorAsync(context, tree.Rename(user, hdfsPath, destination), hdfsPath);
                return;
            case ("DELETE", "DELETE"):
                var result = tree.Delete(user, hdfsPath, request.Query["recursive"].ToString() == "true");
                await BooleanOrErrorAsync(context, result.Error == HdfsError.NotFound ? HdfsResult.Fail(HdfsError.RenameRefused, "") : result, hdfsPath);
                return;
            default:
                await RemoteExceptionAsync(context, 400, "IllegalArgumentException", "java.lang.IllegalArgumentException",
                    string.IsNullOrEmpty(op)
                        ? "Invalid value for webhdfs parameter \"op\": op is missing"
                        : $"Invalid value for webhdfs parameter \"op\": No enum constant {(request.Method == "GET" ? "GetOpParam" : request.Method == "PUT" ? "PutOpParam" : request.Method == "POST" ? "PostOpParam" : "DeleteOpParam")}.Op.{op}");
                return;
        }
    }

    private async Task DataNodeAsync(HttpContext context, string? path)
    {
        var user = KnoxGatewayEmulator.User(context);
        var parameters = DataNodeToken.Read(context.Request.Query["_"].ToString());
        var hdfsPath = HdfsFileTree.Normalize("/" + (path ?? ""));
        if (parameters is null || hdfsPath is null || parameters.Path != hdfsPath)
        {
            await RemoteExceptionAsync(context, 400, "IllegalArgumentException", "java.lang.IllegalArgumentException", "Invalid DataNode request");
            return;
        }

        switch (context.Request.Method, parameters.Op)
        {
            case ("PUT", "CREATE"):
                var written = await tree.WriteAsync(user, hdfsPath, parameters.Overwrite, context.Request.Body, context.RequestAborted, parameters.Permission);
                if (!written.Succeeded)
                {
                    await ErrorAsync(context, written, hdfsPath);
                    return;
                }

                context.Response.StatusCode = 201;
                context.Response.Headers.Location = $"hdfs://sandbox{hdfsPath}";
                context.Response.ContentLength = 0;
                return;
            case ("GET", "OPEN"):
                if (tree.CheckRead(user, hdfsPath, HdfsFileTree.ReadAccess.Read) is { Succeeded: false } denied)
                {
                    await ErrorAsync(context, denied, hdfsPath);
                    return;
                }

                FileStream file;
                try
                {
                    file = File.OpenRead(tree.Physical(hdfsPath));
                }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
                {
                    await NotFoundAsync(context, hdfsPath);
                    return;
                }

                await using (file)
                {
                    var offset = Math.Clamp(parameters.Offset, 0, file.Length);
                    var length = parameters.Length is { } l && l >= 0 ? Math.Min(l, file.Length - offset) : file.Length - offset;
                    file.Position = offset;
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/octet-stream";
                    context.Response.ContentLength = length;
                    var buffer = new byte[65536];
                    while (length > 0)
                    {
                        var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), context.RequestAborted);
                        if (read == 0)
                        {
                            break;
                        }

                        await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                        length -= read;
                    }
                }

                return;
            default:
                await RemoteExceptionAsync(context, 400, "IllegalArgumentException", "java.lang.IllegalArgumentException", "Invalid DataNode operation");
                return;
        }
    }

    private Task RedirectAsync(HttpContext context, string hdfsPath, string op, string user, int? permission)
    {
        var query = context.Request.Query;
        var token = DataNodeToken.Write(new DataNodeToken(
            op, hdfsPath, user,
            query["overwrite"].ToString() == "true",
            long.TryParse(query["offset"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset) ? offset : 0,
            long.TryParse(query["length"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var length) ? length : null,
            permission));
        var encodedPath = string.Join('/', hdfsPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
        var location = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{gatewayPath}/webhdfs/data/v1/{encodedPath}?_={token}";
        if (query["noredirect"].ToString() == "true")
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["Location"] = location }));
        }

        context.Response.StatusCode = 307;
        context.Response.Headers.Location = location;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static Task BooleanOrErrorAsync(HttpContext context, HdfsResult result, string path) =>
        result.Error switch
        {
            HdfsError.None => JsonAsync(context, 200, w => w.WriteBoolean("boolean", true)),
            HdfsError.RenameRefused => JsonAsync(context, 200, w => w.WriteBoolean("boolean", false)),
            _ => ErrorAsync(context, result, path),
        };

    private static Task ErrorAsync(HttpContext context, HdfsResult result, string path) => result.Error switch
    {
        HdfsError.NotFound => NotFoundAsync(context, path),
        HdfsError.AlreadyExists => RemoteExceptionAsync(context, 403, "FileAlreadyExistsException", "org.apache.hadoop.fs.FileAlreadyExistsException", result.Message),
        HdfsError.AccessDenied => RemoteExceptionAsync(context, 403, "AccessControlException", "org.apache.hadoop.security.AccessControlException", result.Message),
        HdfsError.ParentNotDirectory => RemoteExceptionAsync(context, 403, "ParentNotDirectoryException", "org.apache.hadoop.fs.ParentNotDirectoryException", result.Message),
        _ => RemoteExceptionAsync(context, 403, "IOException", "java.io.IOException", result.Message),
    };

    private static Task NotFoundAsync(HttpContext context, string path) =>
        RemoteExceptionAsync(context, 404, "FileNotFoundException", "java.io.FileNotFoundException", $"File does not exist: {path}");

    internal static Task RemoteExceptionAsync(HttpContext context, int status, string exception, string javaClassName, string message) =>
        JsonAsync(context, status, w =>
        {
            w.WriteStartObject("RemoteException");
            w.WriteString("exception", exception);
            w.WriteString("javaClassName", javaClassName);
            w.WriteString("message", message);
            w.WriteEndObject();
        });

    private static Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
        => JsonAnswer.WriteAsync(context, status, "application/json", write);

    private static void WriteStatuses(Utf8JsonWriter w, IReadOnlyList<HdfsStatus> statuses, Func<string, string> suffix)
    {
        w.WriteStartObject("FileStatuses");
        w.WriteStartArray("FileStatus");
        foreach (var status in statuses)
        {
            WriteStatus(w, status, suffix(status.Path));
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStatus(Utf8JsonWriter w, HdfsStatus s, string pathSuffix)
    {
        w.WriteStartObject();
        w.WriteNumber("accessTime", s.IsDirectory ? 0 : s.AccessTime.ToUnixTimeMilliseconds());
        w.WriteNumber("blockSize", s.IsDirectory ? 0 : HdfsFileTree.BlockSize);
        w.WriteNumber("childrenNum", s.ChildrenNum);
        w.WriteNumber("fileId", s.FileId);
        w.WriteString("group", HdfsFileTree.SuperGroup);
        w.WriteNumber("length", s.Length);
        w.WriteNumber("modificationTime", s.ModificationTime.ToUnixTimeMilliseconds());
        w.WriteString("owner", s.Owner);
        w.WriteString("pathSuffix", pathSuffix);
        w.WriteString("permission", s.Permission);
        w.WriteNumber("replication", s.IsDirectory ? 0 : 3);
        w.WriteNumber("storagePolicy", 0);
        w.WriteString("type", s.IsDirectory ? "DIRECTORY" : "FILE");
        w.WriteEndObject();
    }

    /// <summary>What Knox encrypts into the DataNode URL's <c>_</c> parameter; here merely encoded.</summary>
    private sealed record DataNodeToken(string Op, string Path, string User, bool Overwrite, long Offset, long? Length, int? Permission)
    {
        public static string Write(DataNodeToken token) =>
            Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static DataNodeToken? Read(string text)
        {
            try
            {
                var base64 = text.Replace('-', '+').Replace('_', '/');
                base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
                return JsonSerializer.Deserialize<DataNodeToken>(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
            }
            catch (Exception e) when (e is FormatException or JsonException)
            {
                return null;
            }
        }
    }
}
