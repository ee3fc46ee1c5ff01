using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Tracker.Heron.Metrics;
using Tracker.Heron.Proto;
using Tracker.Heron.Telemetry;
using Tracker.Upstream;

namespace Tracker.Heron.Shell;

/// <summary>
/// Talks to the heron-shell of a container (contract §3.2) at <c>http://{StMgr.host_name}:{StMgr.shell_port}</c>.
/// Short timeouts for everything but <c>jmap</c>; downloads are handed back as an open response so
/// the endpoint streams them. Every call runs through the circuit of its shell's host:port, so a container whose
/// shell is gone answers 503 at once once its circuit opened. The calls are GETs but run tools (jmap dumps a heap):
/// nothing is retried.
/// </summary>
internal sealed partial class HeronShellClient(
    IHttpClientFactory clients,
    IOptionsMonitor<HeronShellOptions> options,
    TimeProvider time,
    ILogger<HeronShellClient> logger,
    [FromKeyedServices(HeronShellClient.HttpClientName)] UpstreamCircuits circuits,
    HeronMetrics? metrics = null)
{
    public const string HttpClientName = "heron-shell";

    public Task<ShellCommandOutput> GetPidAsync(StMgr streamManager, string instanceId, CancellationToken cancellationToken)
        => CommandAsync(streamManager, $"/pid/{Uri.EscapeDataString(instanceId)}", options.CurrentValue.Timeout, cancellationToken);

    /// <summary><paramref name="tool"/> is <c>jstack</c>, <c>jmap</c> or <c>histo</c>.</summary>
    public Task<ShellCommandOutput> RunJvmToolAsync(StMgr streamManager, string tool, long pid, CancellationToken cancellationToken)
    {
        var timeout = tool == "jmap" ? options.CurrentValue.JmapTimeout : options.CurrentValue.Timeout;
        return CommandAsync(streamManager, $"/{tool}/{pid.ToString(CultureInfo.InvariantCulture)}", timeout, cancellationToken);
    }

    /// <summary>The shell's <c>/filedata</c> JSON object, unchanged; 404 when the path is not a file.</summary>
    public Task<JsonElement> GetFileDataAsync(StMgr streamManager, string path, long offset, long length, CancellationToken cancellationToken)
        => JsonObjectAsync(
            streamManager,
            $"/filedata/{ContainerPath.Escape(path)}?offset={offset.ToString(CultureInfo.InvariantCulture)}&length={length.ToString(CultureInfo.InvariantCulture)}",
            path,
            cancellationToken);

    public Task<JsonElement> GetFileStatsAsync(StMgr streamManager, string path, CancellationToken cancellationToken)
        => JsonObjectAsync(streamManager, $"/filestats/{ContainerPath.Escape(path)}", path, cancellationToken);

    /// <summary>
    /// Starts a download and returns once the shell's headers are in: the caller copies the body
    /// stream and disposes the response. The timeout covers the wait for the headers only.
    /// </summary>
    public async Task<HttpResponseMessage> DownloadAsync(StMgr streamManager, string path, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var response = await StartDownloadAsync(streamManager, path, cancellationToken);
            metrics?.ShellCall("download", time.GetElapsedTime(started), null);
            return response;
        }
        catch (UpstreamException e)
        {
            metrics?.ShellCall("download", time.GetElapsedTime(started), e.Failure);
            throw;
        }
    }

    private Task<HttpResponseMessage> StartDownloadAsync(StMgr streamManager, string path, CancellationToken cancellationToken)
        => ThroughCircuitAsync(streamManager, (baseUri, token) => AttemptDownloadAsync(streamManager, baseUri, path, token), cancellationToken);

    private async Task<HttpResponseMessage> AttemptDownloadAsync(StMgr streamManager, string baseUri, string path, CancellationToken cancellationToken)
    {
        var timeout = options.CurrentValue.Timeout;
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName)
                .GetAsync(baseUri + "/download/" + ContainerPath.Escape(path), HttpCompletionOption.ResponseHeadersRead, linked.Token);
        }
        catch (Exception e) when (Translate(e, streamManager, timeoutSource, cancellationToken, timeout) is { } failure)
        {
            throw failure;
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            throw new UpstreamException(UpstreamFailure.NotFound, $"No file {path} in the container of {streamManager.Id}.");
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw Refused(streamManager, "/download", status);
        }

        return response;
    }

    private async Task<ShellCommandOutput> CommandAsync(StMgr streamManager, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var body = await GetAsync(streamManager, path, timeout, cancellationToken);
        try
        {
            var output = JsonSerializer.Deserialize<ShellCommandOutput>(body);
            if (output?.Command is null || output.Stdout is null)
            {
                throw new JsonException("command or stdout missing");
            }

            return output;
        }
        catch (JsonException e)
        {
            throw NotProtocol(streamManager, path, e);
        }
    }

    private async Task<JsonElement> JsonObjectAsync(StMgr streamManager, string path, string filePath, CancellationToken cancellationToken)
    {
        var body = await GetAsync(streamManager, path, options.CurrentValue.Timeout, cancellationToken);
        if (body.Length == 0)
        {
            // heron-shell answers an empty 200 when the path is not a file.
            throw new UpstreamException(UpstreamFailure.NotFound, $"No file {filePath} in the container of {streamManager.Id}.");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("not an object");
            }

            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw NotProtocol(streamManager, path, e);
        }
    }

    /// <summary>One call, measured by its command (the path's first segment: pid, jstack, jmap, histo, filedata, filestats).</summary>
    private async Task<byte[]> GetAsync(StMgr streamManager, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var command = CommandOf(path);
        var started = time.GetTimestamp();
        try
        {
            var body = await FetchAsync(streamManager, path, timeout, cancellationToken);
            metrics?.ShellCall(command, time.GetElapsedTime(started), null);
            return body;
        }
        catch (UpstreamException e)
        {
            metrics?.ShellCall(command, time.GetElapsedTime(started), e.Failure);
            throw;
        }
    }

    private static string CommandOf(string path)
    {
        var end = path.IndexOfAny(['/', '?'], 1);
        return end < 0 ? path[1..] : path[1..end];
    }

    private Task<byte[]> FetchAsync(StMgr streamManager, string path, TimeSpan timeout, CancellationToken cancellationToken)
        => ThroughCircuitAsync(streamManager, (baseUri, token) => AttemptFetchAsync(streamManager, baseUri, path, timeout, token), cancellationToken);

    /// <summary>Runs one call through the circuit of the stream manager's shell; an open circuit is a 503 at once.</summary>
    private async Task<T> ThroughCircuitAsync<T>(StMgr streamManager, Func<string, CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var baseUri = BaseUri(streamManager);
        var circuit = UpstreamCircuitRules.KeyOf(streamManager.HostName, streamManager.ShellPort);
        try
        {
            return await circuits.For(circuit).ExecuteAsync(async token => await attempt(baseUri, token), cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            throw UpstreamCircuitRules.HeldBack($"The heron-shell of {streamManager.Id} at {circuit}", e);
        }
    }

    private async Task<byte[]> AttemptFetchAsync(StMgr streamManager, string baseUri, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).GetAsync(baseUri + path, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw Refused(streamManager, path, (int)response.StatusCode);
            }

            return await response.Content.ReadAsByteArrayAsync(linked.Token);
        }
        catch (Exception e) when (Translate(e, streamManager, timeoutSource, cancellationToken, timeout) is { } failure)
        {
            throw failure;
        }
    }

    private UpstreamException? Translate(Exception e, StMgr streamManager, CancellationTokenSource timeoutSource, CancellationToken caller, TimeSpan timeout)
    {
        switch (e)
        {
            // Whatever surfaced once the timeout fired is the timeout (504 on every route), as for the TManager.
            case not UpstreamException when timeoutSource.IsCancellationRequested && !caller.IsCancellationRequested:
                LogTimedOut(streamManager.Id, timeout);
                return new UpstreamException(UpstreamFailure.Timeout, $"The heron-shell of {streamManager.Id} did not answer within {timeout.TotalSeconds:0.###} s.");
            case HttpRequestException or IOException:
                // IOException: a shell that drops the connection mid-body.
                LogUnreachable(e, streamManager.Id);
                return new UpstreamException(UpstreamFailure.Unreachable, $"The heron-shell of {streamManager.Id} is unreachable: {e.Message}", e);
            default:
                return null;
        }
    }

    private UpstreamException Refused(StMgr streamManager, string path, int status)
    {
        LogRefused(streamManager.Id, path, status);
        return new UpstreamException(UpstreamFailure.Unreachable, $"The heron-shell of {streamManager.Id} answered {path} with HTTP {status}.");
    }

    private static UpstreamException NotProtocol(StMgr streamManager, string path, Exception e) =>
        new(UpstreamFailure.Unreachable, $"The heron-shell of {streamManager.Id} answered {path} with something that is not its JSON.", e);

    private static string BaseUri(StMgr streamManager)
    {
        if (!streamManager.HasShellPort || streamManager.ShellPort <= 0 || string.IsNullOrEmpty(streamManager.HostName))
        {
            throw new UpstreamException(UpstreamFailure.Unavailable, $"Stream manager {streamManager.Id} has not published a heron-shell port.");
        }

        var host = streamManager.HostName.Contains(':') && !streamManager.HostName.StartsWith('[') ? $"[{streamManager.HostName}]" : streamManager.HostName;
        return $"http://{host}:{streamManager.ShellPort.ToString(CultureInfo.InvariantCulture)}";
    }

    [LoggerMessage(EventId = EventIds.HeronShellUnreachable, Level = LogLevel.Warning, Message = "heron-shell of {StreamManager} is unreachable")]
    private partial void LogUnreachable(Exception exception, string streamManager);

    [LoggerMessage(EventId = EventIds.HeronShellTimedOut, Level = LogLevel.Warning, Message = "heron-shell of {StreamManager} did not answer within {Timeout}")]
    private partial void LogTimedOut(string streamManager, TimeSpan timeout);

    [LoggerMessage(EventId = EventIds.HeronShellRefused, Level = LogLevel.Warning, Message = "heron-shell of {StreamManager} refused {Path} with HTTP {Status}")]
    private partial void LogRefused(string streamManager, string path, int status);
}
