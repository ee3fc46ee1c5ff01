using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Tracker.Heron.Proto;
using Tracker.Heron.Shell;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Apis;

/// <summary>
/// Container files through the heron-shell of <c>stmgr-{container}</c>: file chunks, directory
/// listings and downloads, under the Tornado paths (<c>/topologies/containerfile*</c>) and the
/// 0.20.5 ones (<c>/topologies/container/file*</c>) in both styles. Paths are checked before any
/// call; chunks are bounded; downloads are streamed.
/// </summary>
public static class ContainerApi
{
    public static IEndpointRouteBuilder MapHeronContainerApi(this IEndpointRouteBuilder group)
    {
        foreach (var (data, stats, download) in new[]
                 {
                     ("/topologies/containerfiledata", "/topologies/containerfilestats", "/topologies/containerfiledownload"),
                     ("/topologies/container/filedata", "/topologies/container/filestats", "/topologies/container/filedownload"),
                 })
        {
            group.MapGet(data, FileData).WithSummary("A chunk of a file in a container");
            group.MapGet(stats, FileStats).WithSummary("The listing of a directory in a container");
            group.MapGet(download, FileDownload).WithSummary("A file of a container, as an attachment");
        }

        return group;
    }

    private static async Task<IResult> FileData(
        HttpContext context, TopologyRegistry registry, HeronShellClient shell, IOptionsMonitor<HeronShellOptions> options, CancellationToken cancellationToken)
    {
        var maxChunk = options.CurrentValue.MaxChunkBytes;
        if (!HeronRequest.TryFindTopology(context, registry, out var topology, out var error)
            || !TryContainer(context, topology, out var streamManager, out error)
            || !TryPath(context, required: true, out var path, out error)
            || !HeronRequest.TryInteger(context, "offset", required: true, fallback: 0, out var offset, out error)
            || !HeronRequest.TryInteger(context, "length", required: true, fallback: 0, out var length, out error))
        {
            return error;
        }

        if (offset < -1)
        {
            return HeronResponses.BadParameter("offset", "must be a byte offset, or -1 for the end of the file");
        }

        if (length < -1 || length > maxChunk)
        {
            return HeronResponses.BadParameter("length", $"must be between 0 and {maxChunk.ToString(CultureInfo.InvariantCulture)} bytes, or -1 for the rest of the file up to that size");
        }

        // "-1 = to the end of the file" would be unbounded: it means one chunk at most.
        if (length == -1 && offset != -1)
        {
            length = maxChunk;
        }

        var answer = await shell.GetFileDataAsync(streamManager, path, offset, length, cancellationToken);
        return HeronResponses.Json(writer => answer.WriteTo(writer));
    }

    private static async Task<IResult> FileStats(HttpContext context, TopologyRegistry registry, HeronShellClient shell, CancellationToken cancellationToken)
    {
        if (!HeronRequest.TryFindTopology(context, registry, out var topology, out var error)
            || !TryContainer(context, topology, out var streamManager, out error)
            || !TryPath(context, required: false, out var path, out error))
        {
            return error;
        }

        var answer = await shell.GetFileStatsAsync(streamManager, path, cancellationToken);
        return HeronResponses.Json(writer => answer.WriteTo(writer));
    }

    private static async Task<IResult> FileDownload(HttpContext context, TopologyRegistry registry, HeronShellClient shell, CancellationToken cancellationToken)
    {
        if (!HeronRequest.TryFindTopology(context, registry, out var topology, out var error)
            || !TryContainer(context, topology, out var streamManager, out error)
            || !TryPath(context, required: true, out var path, out error))
        {
            return error;
        }

        return new StreamedDownload(await shell.DownloadAsync(streamManager, path, cancellationToken), Path.GetFileName(path));
    }

    private static bool TryContainer(HttpContext context, TopologySnapshot topology, [NotNullWhen(true)] out StMgr? streamManager, [NotNullWhen(false)] out IResult? error)
    {
        streamManager = null;
        if (!HeronRequest.TryRequired(context, "container", out var text, out error))
        {
            return false;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var container))
        {
            error = HeronResponses.BadParameter("container", $"'{text}' is not a container number");
            return false;
        }

        var id = $"stmgr-{container.ToString(CultureInfo.InvariantCulture)}";
        if (!topology.StreamManagers.TryGetValue(id, out streamManager))
        {
            error = HeronResponses.BadParameter("container", $"topology {topology.Name} has no container {container} (no stream manager {id})");
            return false;
        }

        return true;
    }

    private static bool TryPath(HttpContext context, bool required, [NotNullWhen(true)] out string? path, [NotNullWhen(false)] out IResult? error)
    {
        if (!HeronRequest.TryOptional(context, "path", out path, out error))
        {
            return false;
        }

        if (string.IsNullOrEmpty(path))
        {
            if (required)
            {
                error = HeronResponses.MissingParameter("path");
                return false;
            }

            path = ".";
        }

        // The final form is both what is checked and what the shell is asked for.
        if (ContainerPath.Decode(path) is not { } decoded)
        {
            error = HeronResponses.BadParameter("path", $"percent-encoded more than {ContainerPath.MaxDecodingRounds + 1} times");
            return false;
        }

        if (ContainerPath.Problem(decoded) is { } problem)
        {
            error = HeronResponses.BadParameter("path", problem);
            return false;
        }

        path = decoded;
        return true;
    }

    /// <summary>Copies the shell's body to the client as it arrives; nothing is buffered beyond the copy buffer.</summary>
    private sealed class StreamedDownload(HttpResponseMessage upstream, string fileName) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            using (upstream)
            {
                var response = context.Response;
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/octet-stream";
                var disposition = new ContentDispositionHeaderValue("attachment");
                disposition.SetHttpFileName(fileName.Length == 0 ? "download" : fileName);
                response.Headers.ContentDisposition = disposition.ToString();
                if (upstream.Content.Headers.ContentLength is { } length)
                {
                    response.ContentLength = length;
                }

                context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                await using var body = await upstream.Content.ReadAsStreamAsync(context.RequestAborted);
                await body.CopyToAsync(response.Body, 64 * 1024, context.RequestAborted);
            }
        }
    }
}
