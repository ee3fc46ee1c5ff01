using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tracker.Heron.Proto;

namespace Tracker.Sandbox.Heron;

/// <summary>
/// A topology's TManager as the tracker sees it: the stats port (contract §3.1), POST
/// <c>/stats</c>, <c>/exceptions</c>, <c>/exceptionsummary</c> and <c>/stmgrsregistrationsummary</c>
/// with serialized protobuf bodies. Failure tests make it slow with <see cref="ResponseDelay"/>
/// or make it vanish by disposing it.
/// </summary>
public sealed class TManagerEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _absent = new(StringComparer.Ordinal);
    private int _requests;
    private readonly System.Collections.Concurrent.ConcurrentQueue<MetricRequest> _statsRequests = new();
    private long _delayTicks;

    private TManagerEmulator(WebApplication app, DemoTopology topology, TimeProvider time)
    {
        _app = app;
        _time = time;
        Topology = topology;
        Metrics = new TManagerMetricStore(topology, time);
        Exceptions = TManagerExceptions.For(topology, time.GetUtcNow());
    }

    public DemoTopology Topology { get; }

    /// <summary>The stats port.</summary>
    public int Port => LoopbackWebApp.PortOf(_app);

    /// <summary>What <c>/stats</c> answers from; tests read it to compare the tracker's answers.</summary>
    public TManagerMetricStore Metrics { get; }

    /// <summary>The raw exception logs, in the order <c>/exceptions</c> returns them.</summary>
    public IReadOnlyList<TmanagerExceptionLog> Exceptions { get; }

    /// <summary>How many requests reached the stats port (lets tests prove one call per endpoint request).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>
    /// How many <c>/stats</c> requests equal to <paramref name="request"/> arrived. The port is the
    /// machine's, not the test's: <see cref="RequestCount"/> also counts any other process that
    /// connects to it (a tracker still pointing at a port this emulator was given after its own
    /// emulator went away), so tests proving "one call for this request" count by content.
    /// </summary>
    public int StatsRequestsEqualTo(MetricRequest request) => _statsRequests.Count(r => r.Equals(request));

    /// <summary>Held before every answer: a TManager that hangs.</summary>
    public TimeSpan ResponseDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>Stream managers the TManager reports as not registered (all are registered by default).</summary>
    public void SetRegistered(string streamManager, bool registered)
    {
        lock (_absent)
        {
            if (registered)
            {
                _absent.Remove(streamManager);
            }
            else
            {
                _absent.Add(streamManager);
            }
        }
    }

    public static async Task<TManagerEmulator> StartAsync(DemoTopology topology, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var app = LoopbackWebApp.CreateBuilder(loggers).Build();
        var tmanager = new TManagerEmulator(app, topology, time);
        tmanager.Map(app);
        await app.StartAsync(ct);
        return tmanager;
    }

    /// <summary>Stops listening; safe to call more than once (failure tests stop an emulator before the sandbox does).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The answer to a <c>/stats</c> request, exactly as sent on the wire.</summary>
    public MetricResponse Answer(MetricRequest request)
    {
        var response = new MetricResponse { Status = new Status { Status_ = StatusCode.Ok } };
        if (!Metrics.HasComponent(request.ComponentName))
        {
            response.Status = new Status { Status_ = StatusCode.Notok, Message = $"Unknown component: {request.ComponentName}" };
            return response;
        }

        long start, end;
        if (request.ExplicitInterval is { } explicitInterval)
        {
            (start, end) = (explicitInterval.Start, explicitInterval.End);
        }
        else if (request.HasInterval)
        {
            end = _time.GetUtcNow().ToUnixTimeSeconds();
            start = request.Interval <= 0 ? 0 : end - request.Interval;
        }
        else
        {
            response.Status = new Status { Status_ = StatusCode.Notok, Message = "No interval or explicit interval set" };
            return response;
        }

        var instances = request.InstanceId.Count > 0 ? (IEnumerable<string>)request.InstanceId : Metrics.InstancesOf(request.ComponentName);
        foreach (var instance in instances)
        {
            if (!Metrics.HasInstance(request.ComponentName, instance))
            {
                // The TManager stops at the first unknown instance, keeping what it already added.
                response.Status = new Status { Status_ = StatusCode.Notok };
                return response;
            }

            var task = new MetricResponse.Types.TaskMetric { InstanceId = instance };
            foreach (var name in request.Metric)
            {
                var metric = new MetricResponse.Types.IndividualMetric { Name = name };
                if (request.Minutely)
                {
                    if (Metrics.Minutely(request.ComponentName, instance, name, start, end) is not { } buckets)
                    {
                        continue;
                    }

                    foreach (var bucket in buckets)
                    {
                        metric.IntervalValues.Add(new MetricResponse.Types.IndividualMetric.Types.IntervalValue
                        {
                            Value = bucket.Value,
                            Interval = new MetricInterval { Start = bucket.Start, End = bucket.End },
                        });
                    }
                }
                else
                {
                    if (Metrics.Aggregate(request.ComponentName, instance, name, start, end) is not { } value)
                    {
                        continue;
                    }

                    metric.Value = value;
                }

                task.Metric.Add(metric);
            }

            response.Metric.Add(task);
        }

        response.Interval = end - start;
        return response;
    }

    public ExceptionLogResponse AnswerExceptions(ExceptionLogRequest request, bool summary)
    {
        var response = new ExceptionLogResponse();
        if (!Topology.Components.Any(c => c.Name == request.ComponentName))
        {
            response.Status = new Status { Status_ = StatusCode.Notok, Message = "Unknown component" };
            return response;
        }

        var wanted = request.Instances.ToHashSet(StringComparer.Ordinal);
        var logs = Exceptions.Where(e => e.ComponentName == request.ComponentName && (wanted.Count == 0 || wanted.Contains(e.InstanceId)));
        response.Status = new Status { Status_ = StatusCode.Ok, Message = "OK" };
        response.Exceptions.AddRange(summary ? TManagerExceptions.Summarize(logs) : logs.Select(l => l.Clone()));
        return response;
    }

    public StmgrsRegistrationSummaryResponse AnswerRegistrations()
    {
        var response = new StmgrsRegistrationSummaryResponse();
        lock (_absent)
        {
            for (var container = 1; container <= Topology.Containers; container++)
            {
                var id = DemoTopology.StreamManagerId(container);
                (_absent.Contains(id) ? response.AbsentStmgrs : response.RegisteredStmgrs).Add(id);
            }
        }

        return response;
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _requests);
            var delay = ResponseDelay;
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            // The stats interface answers 400 to any path it does not serve.
            if (context.GetEndpoint() is null)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            await next(context);
        });
        app.MapPost("/stats", context => Serve(context, MetricRequest.Parser, r =>
        {
            _statsRequests.Enqueue(r);
            return Answer(r);
        }));
        app.MapPost("/exceptions", context => Serve(context, ExceptionLogRequest.Parser, r => AnswerExceptions(r, summary: false)));
        app.MapPost("/exceptionsummary", context => Serve(context, ExceptionLogRequest.Parser, r => AnswerExceptions(r, summary: true)));
        app.MapPost("/stmgrsregistrationsummary", context => Serve(context, StmgrsRegistrationSummaryRequest.Parser, _ => AnswerRegistrations()));
    }

    private static async Task Serve<TRequest>(HttpContext context, MessageParser<TRequest> parser, Func<TRequest, IMessage> answer)
        where TRequest : IMessage<TRequest>
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        TRequest request;
        try
        {
            request = parser.ParseFrom(body.GetBuffer().AsSpan(0, (int)body.Length));
        }
        catch (InvalidProtocolBufferException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // Serialized into a pooled buffer: the same bytes as ToByteArray without a fresh
        // large-object-heap array per timeline answer.
        var message = answer(request);
        var size = message.CalculateSize();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(1, size));
        try
        {
            message.WriteTo(buffer.AsSpan(0, size));
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = size;
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, size), context.RequestAborted);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
