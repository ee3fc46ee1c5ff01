using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Tracker.Heron.Proto;
using Tracker.Heron.Telemetry;
using Tracker.Heron.Topologies;
using Tracker.Upstream;

namespace Tracker.Heron.Metrics;

/// <summary>
/// Talks to a topology's TManager stats port (contract §3.1): POST of a serialized request,
/// serialized response. One pooled <see cref="HttpClient"/> (from the factory, so connections to
/// each TManager are kept alive and reused: the reference built a client per request), one call
/// per endpoint request however many instances and metrics it names. Every call runs through the circuit
/// of its TManager's host:port: one that keeps timing out or refusing answers 503 at once until a trial call succeeds.
/// Nothing is retried: the stats port's requests are POSTs, and a caller waiting 5 s twice is worse than a clear 504.
/// </summary>
internal sealed partial class TManagerClient(
    IHttpClientFactory clients,
    IOptionsMonitor<TManagerOptions> options,
    TimeProvider time,
    ILogger<TManagerClient> logger,
    [FromKeyedServices(TManagerClient.HttpClientName)] UpstreamCircuits circuits,
    HeronMetrics? metrics = null) : IMetricTimelineSource
{
    public const string HttpClientName = "heron-tmanager";

    private static readonly MediaTypeHeaderValue OctetStream = new("application/octet-stream");

    /// <summary>
    /// Bodies up to this size are read into a pooled buffer; larger ones are buffered by HttpClient,
    /// so an outsized answer does not leave an array that size behind in the shared pool.
    /// </summary>
    private const long MaxPooledBody = 8 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, CachedAnswer> _cache = new(StringComparer.Ordinal);

    public Task<MetricResponse> GetMetricsAsync(TopologySnapshot topology, MetricRequest request, CancellationToken cancellationToken)
    {
        var cacheFor = options.CurrentValue.MetricsCacheDuration;
        if (cacheFor <= TimeSpan.Zero)
        {
            return PostAsync(topology, "/stats", request, MetricResponse.Parser, cancellationToken);
        }

        return CachedAsync(topology, request, cacheFor, cancellationToken);
    }

    public Task<ExceptionLogResponse> GetExceptionsAsync(TopologySnapshot topology, ExceptionLogRequest request, bool summary, CancellationToken cancellationToken)
        => PostAsync(topology, summary ? "/exceptionsummary" : "/exceptions", request, ExceptionLogResponse.Parser, cancellationToken);

    public Task<StmgrsRegistrationSummaryResponse> GetRegistrationsAsync(TopologySnapshot topology, CancellationToken cancellationToken)
        => PostAsync(topology, "/stmgrsregistrationsummary", new StmgrsRegistrationSummaryRequest(), StmgrsRegistrationSummaryResponse.Parser, cancellationToken);

    public async Task<ComponentTimelines> GetTimelinesAsync(
        TopologySnapshot topology, string component, IReadOnlyList<string> instances, string metric, long startTime, long endTime, CancellationToken cancellationToken)
    {
        var response = await GetMetricsAsync(topology, MinutelyRequest(component, instances, [metric], startTime, endTime), cancellationToken);
        var byInstance = new Dictionary<string, IReadOnlyList<TimelinePoint>>(StringComparer.Ordinal);
        foreach (var task in response.Metric)
        {
            foreach (var individual in task.Metric)
            {
                if (individual.Name == metric)
                {
                    byInstance[task.InstanceId] = Points(individual);
                }
            }
        }

        var message = response.Status?.Status_ == StatusCode.Ok ? null : response.Status?.Message ?? "TManager answered NOTOK";
        return new ComponentTimelines(component, metric, byInstance, message);
    }

    /// <summary>The request timelines and the query language send: explicit interval, minutely buckets.</summary>
    public static MetricRequest MinutelyRequest(string component, IEnumerable<string> instances, IEnumerable<string> metrics, long startTime, long endTime)
    {
        var request = new MetricRequest
        {
            ComponentName = component,
            ExplicitInterval = new MetricInterval { Start = startTime, End = endTime },
            Minutely = true,
        };
        request.InstanceId.AddRange(instances);
        request.Metric.AddRange(metrics);
        return request;
    }

    /// <summary>A bucket value as a double: the TManager's decimal text, with its <c>nan</c>/<c>-nan</c> spellings; null when unparseable.</summary>
    public static double? ParseValue(string value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return value.Trim().TrimStart('-', '+').Equals("nan", StringComparison.OrdinalIgnoreCase) ? double.NaN : null;
    }

    private static List<TimelinePoint> Points(MetricResponse.Types.IndividualMetric metric)
    {
        var points = new List<TimelinePoint>(metric.IntervalValues.Count);
        foreach (var bucket in metric.IntervalValues)
        {
            if (ParseValue(bucket.Value) is { } value && !double.IsNaN(value) && bucket.Interval is { } interval)
            {
                points.Add(new TimelinePoint(interval.Start, value));
            }
        }

        points.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return points;
    }

    private async Task<MetricResponse> CachedAsync(TopologySnapshot topology, MetricRequest request, TimeSpan cacheFor, CancellationToken cancellationToken)
    {
        var (baseUri, _) = Locate(topology);
        var key = baseUri + "\n" + Convert.ToBase64String(request.ToByteArray());
        var now = time.GetTimestamp();
        while (true)
        {
            if (_cache.TryGetValue(key, out var cached) && time.GetElapsedTime(cached.Created, now) < cacheFor)
            {
                return await cached.Answer.Value.WaitAsync(cancellationToken);
            }

            // Only the entry that wins the race is ever started (Lazy), so identical requests
            // arriving together share one call. The shared call must not die with the first
            // caller's cancellation: the others wait on it too.
            var entry = new CachedAnswer(new Lazy<Task<MetricResponse>>(() => PostAsync(topology, "/stats", request, MetricResponse.Parser, CancellationToken.None)), now);
            var won = cached is null ? _cache.TryAdd(key, entry) : _cache.TryUpdate(key, entry, cached);
            if (!won)
            {
                continue;
            }

            var answer = entry.Answer.Value;
            _ = answer.ContinueWith(
                t =>
                {
                    if (t.IsFaulted || t.IsCanceled)
                    {
                        _cache.TryRemove(new KeyValuePair<string, CachedAnswer>(key, entry));
                    }
                },
                TaskScheduler.Default);
            if (_cache.Count > 1024)
            {
                foreach (var (k, v) in _cache)
                {
                    if (time.GetElapsedTime(v.Created, now) >= cacheFor)
                    {
                        _cache.TryRemove(new KeyValuePair<string, CachedAnswer>(k, v));
                    }
                }
            }

            return await answer.WaitAsync(cancellationToken);
        }
    }

    private static (string BaseUri, string Circuit) Locate(TopologySnapshot topology)
    {
        var location = topology.TManagerLocation;
        if (location is null)
        {
            throw new UpstreamException(UpstreamFailure.Unavailable, $"Topology {topology.Name} has no TManager location: its TManager is not running or has not registered yet.");
        }

        if (string.IsNullOrEmpty(location.Host) || !location.HasStatsPort || location.StatsPort <= 0)
        {
            throw new UpstreamException(UpstreamFailure.Unavailable, $"The TManager of topology {topology.Name} has not published its stats port.");
        }

        var host = location.Host.Contains(':') && !location.Host.StartsWith('[') ? $"[{location.Host}]" : location.Host;
        return ($"http://{host}:{location.StatsPort.ToString(CultureInfo.InvariantCulture)}", UpstreamCircuitRules.KeyOf(location.Host, location.StatsPort));
    }

    /// <summary>One call, measured: <c>tracker.heron.tmanager.duration</c> and, when it fails, <c>tracker.heron.tmanager.errors</c>.</summary>
    private async Task<TResponse> PostAsync<TResponse>(
        TopologySnapshot topology, string path, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        var started = time.GetTimestamp();
        try
        {
            var response = await SendAsync(topology, path, request, parser, cancellationToken);
            metrics?.TManagerCall(path, time.GetElapsedTime(started), null);
            return response;
        }
        catch (UpstreamException e)
        {
            metrics?.TManagerCall(path, time.GetElapsedTime(started), e.Failure);
            throw;
        }
    }

    private async Task<TResponse> SendAsync<TResponse>(
        TopologySnapshot topology, string path, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        var (baseUri, circuit) = Locate(topology);
        try
        {
            return await circuits.For(circuit).ExecuteAsync(
                async token => await AttemptAsync(topology, baseUri, path, request, parser, token), cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            throw UpstreamCircuitRules.HeldBack($"The TManager of topology {topology.Name} at {circuit}", e);
        }
    }

    /// <summary>One call within the timeout, its failures already translated (the breaker counts them by kind).</summary>
    private async Task<TResponse> AttemptAsync<TResponse>(
        TopologySnapshot topology, string baseUri, string path, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        var timeout = options.CurrentValue.Timeout;
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = OctetStream;
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, baseUri + path) { Content = content };
            using var response = await clients.CreateClient(HttpClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogRefused(topology.Name, path, (int)response.StatusCode);
                throw new UpstreamException(UpstreamFailure.Unreachable, $"The TManager of topology {topology.Name} answered {path} with HTTP {(int)response.StatusCode}.");
            }

            return await ParseAsync(response.Content, parser, linked.Token);
        }
        catch (Exception e) when (e is not UpstreamException && timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Whatever surfaced once the timeout fired (a cancellation, or an IOException from a body read cut
            // short) is the timeout: 504 on every route, never a 502 that depends on where the wait was.
            LogTimedOut(topology.Name, path, timeout);
            throw new UpstreamException(UpstreamFailure.Timeout, $"The TManager of topology {topology.Name} did not answer {path} within {timeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException e)
        {
            LogUnreachable(e, topology.Name, path);
            throw new UpstreamException(UpstreamFailure.Unreachable, $"The TManager of topology {topology.Name} is unreachable: {e.Message}", e);
        }
        catch (InvalidProtocolBufferException e)
        {
            LogUnreachable(e, topology.Name, path);
            throw new UpstreamException(UpstreamFailure.Unreachable, $"The TManager of topology {topology.Name} answered {path} with a body that is not the protocol's.", e);
        }
        catch (IOException e)
        {
            // After the protocol's own IOException above. The body is read after the headers: a TManager that drops the connection mid-body lands here.
            LogUnreachable(e, topology.Name, path);
            throw new UpstreamException(UpstreamFailure.Unreachable, $"The TManager of topology {topology.Name} broke off its answer to {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Parses the body from a pooled buffer: a timeline answer is hundreds of KB, and a fresh
    /// array per call (what ReadAsByteArrayAsync hands out) lands on the large object heap and
    /// drives gen2 collections under load.
    /// </summary>
    private static async Task<TResponse> ParseAsync<TResponse>(HttpContent content, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        if (content.Headers.ContentLength is not { } length || length > MaxPooledBody)
        {
            // No length to size a buffer by (or an outsized one): let HttpClient buffer it.
            return parser.ParseFrom(await content.ReadAsByteArrayAsync(cancellationToken));
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(1, length));
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, (int)length), (int)length, throwOnEndOfStream: false, cancellationToken);
            if (read < length)
            {
                throw new HttpRequestException($"The body ended after {read} of {length} bytes.");
            }

            return parser.ParseFrom(buffer.AsSpan(0, (int)length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed record CachedAnswer(Lazy<Task<MetricResponse>> Answer, long Created);

    [LoggerMessage(EventId = EventIds.TManagerUnreachable, Level = LogLevel.Warning, Message = "TManager of {Topology} is unreachable for {Path}")]
    private partial void LogUnreachable(Exception exception, string topology, string path);

    [LoggerMessage(EventId = EventIds.TManagerTimedOut, Level = LogLevel.Warning, Message = "TManager of {Topology} did not answer {Path} within {Timeout}")]
    private partial void LogTimedOut(string topology, string path, TimeSpan timeout);

    [LoggerMessage(EventId = EventIds.TManagerRefused, Level = LogLevel.Warning, Message = "TManager of {Topology} refused {Path} with HTTP {Status}")]
    private partial void LogRefused(string topology, string path, int status);
}
