using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Tracker.Upstream;

namespace Tracker.Hadoop.Gateway;

/// <summary>
/// The one place that talks HTTP to the gateway: service URLs, the caller's credentials, a timeout per
/// attempt, retries with backoff for the calls the caller marks idempotent, a circuit breaker per service
/// (<see cref="KnoxCircuits"/>), and Knox's 401. Each attempt runs retry → breaker → timeout → send: the breaker
/// counts every attempt (a timed-out one as a failure), and an open circuit is never retried.
/// </summary>
internal sealed partial class KnoxHttp
{
    private readonly HttpClient _http;
    private readonly KnoxGatewayOptions _options;
    private readonly ILogger<KnoxHttp> _logger;
    private readonly TimeProvider _time;
    private readonly IHadoopCallObserver[] _observers;
    private readonly Dictionary<HadoopService, ResiliencePipeline<HttpResponseMessage>> _once = [];
    private readonly Dictionary<HadoopService, ResiliencePipeline<HttpResponseMessage>> _retried = [];

    public KnoxHttp(
        HttpClient http,
        IOptions<KnoxGatewayOptions> options,
        TimeProvider timeProvider,
        ILogger<KnoxHttp> logger,
        IEnumerable<IHadoopCallObserver> observers,
        [FromKeyedServices(KnoxCircuits.Key)] UpstreamCircuits circuits)
    {
        this._http = http;
        _time = timeProvider;
        this._observers = observers.ToArray();
        this._options = options.Value;
        this._logger = logger;
        ServiceBase = this._options.ServiceBase();
        foreach (var service in Enum.GetValues<HadoopService>())
        {
            var breaker = circuits.For(KnoxCircuits.KeyOf(service));
            _once[service] = Pipeline(timeProvider, breaker, retries: false);
            _retried[service] = Pipeline(timeProvider, breaker, retries: true);
        }
    }

    private ResiliencePipeline<HttpResponseMessage> Pipeline(TimeProvider timeProvider, ResiliencePipeline breaker, bool retries)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (retries && _options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.MaxRetries,
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                OnRetry = args =>
                {
                    LogRetry(args.AttemptNumber + 1, args.Outcome.Result is { } r ? (int)r.StatusCode : 0,
                        args.Outcome.Exception?.GetType().Name, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        // The timeout sits inside the retry and the breaker: each attempt gets the full RequestTimeout, and the
        // breaker sees a timed-out attempt as TimeoutRejectedException (a failure), not as a cancellation.
        return builder.AddPipeline(breaker).AddTimeout(_options.RequestTimeout).Build();
    }

    /// <summary>The gateway URL the services hang off, ending with '/'.</summary>
    public Uri ServiceBase { get; }

    public Uri ServiceUrl(string relative) => new(ServiceBase, relative);

    /// <summary>
    /// Sends a request built afresh for every attempt. Returns any status but 401, which becomes
    /// <see cref="KnoxAuthenticationException"/>; no answer becomes <see cref="HadoopTimeoutException"/> or
    /// <see cref="HadoopUpstreamException"/>. With <paramref name="streaming"/> only the headers are awaited.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        HadoopService service,
        KnoxCredentials credentials,
        Func<HttpRequestMessage> build,
        bool idempotent,
        CancellationToken cancellationToken,
        bool streaming = false)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var pipeline = (idempotent ? _retried : _once)[service];
        var started = _time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(
                async token =>
                {
                    using var request = build();
                    Authorize(request, credentials);
                    return await _http.SendAsync(
                        request,
                        streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                        token);
                },
                cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            Completed(service, started, "timeout");
            throw new HadoopTimeoutException(service, _options.RequestTimeout, e);
        }
        catch (BrokenCircuitException e)
        {
            Completed(service, started, "circuit_open");
            throw new HadoopCircuitOpenException(service, e.RetryAfter, e);
        }
        catch (HttpRequestException e)
        {
            Completed(service, started, "unreachable");
            throw new HadoopUpstreamException(service, null, $"{service} could not be reached: {e.Message}", e);
        }

        // Oozie's own authorization errors (E0508, not the job's owner) are also 401s, but carry its error code.
        if (response.StatusCode == HttpStatusCode.Unauthorized && !response.Headers.Contains("oozie-error-code"))
        {
            Completed(service, started, "unauthorized");
            var challenge = response.Headers.WwwAuthenticate.ToString();
            response.Dispose();
            throw new KnoxAuthenticationException(service, string.IsNullOrEmpty(challenge) ? null : challenge);
        }

        var status = (int)response.StatusCode;
        Completed(service, started, status >= 500 ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        return response;
    }

    private void Completed(HadoopService service, long started, string? errorType)
    {
        if (_observers.Length == 0)
        {
            return;
        }

        var elapsed = _time.GetElapsedTime(started);
        foreach (var observer in _observers)
        {
            observer.CallCompleted(service, elapsed, errorType);
        }
    }

    /// <summary>Reads a JSON body; a body that is not JSON is an upstream error, never a crash.</summary>
    public static async Task<JsonDocument> ReadJsonAsync(HadoopService service, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonDocument.ParseAsync(body, default, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new HadoopUpstreamException(service, response.StatusCode, $"{service} answered {(int)response.StatusCode} with a body that is not JSON.", e);
        }
    }

    private void Authorize(HttpRequestMessage request, KnoxCredentials credentials)
    {
        // Only the gateway gets the credentials: a redirect to another host (a DataNode reached directly,
        // without Knox) carries its own delegation in the URL.
        if (request.RequestUri is { } uri && SameOrigin(uri, ServiceBase))
        {
            request.Headers.Authorization = credentials.ToAuthorizationHeader();
        }

        // Knox's CSRF filter, when enabled, rejects state-changing requests without this header.
        request.Headers.TryAddWithoutValidation("X-XSRF-Header", "tracker");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests,
        _ => false,
    };
}
