using Microsoft.AspNetCore.Http;

namespace Tracker.Sandbox.Hadoop.Knox;

/// <summary>
/// Chaos for the emulated gateway (off by default): every request under the topology waits <see cref="Delay"/> and
/// then, with probability <see cref="FailureRatio"/>, is answered with a 5xx before it reaches the service, as a Knox
/// whose backend is overloaded or restarting. A failed request did nothing, so a client that retries cannot double
/// an effect. Settable while the sandbox runs (tests turn it on after their set-up); with <c>--sandbox</c> bound from
/// <c>Sandbox:Knox:Faults</c>.
/// </summary>
public sealed class KnoxFaults
{
    private static readonly int[] Statuses =
    [
        StatusCodes.Status500InternalServerError,
        StatusCodes.Status502BadGateway,
        StatusCodes.Status503ServiceUnavailable,
        StatusCodes.Status504GatewayTimeout,
    ];

    private readonly Lock _lock = new();
    private Random _random = new();
    private long _failed;
    private int? _seed;

    /// <summary>The share of requests answered with a 5xx, in [0, 1]. Default 0 (none).</summary>
    public double FailureRatio { get; set; }

    /// <summary>Added before every request is handled (or failed). Default zero.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>A seed for the failures, so a chaos run can be repeated. Default none (a different run each time).</summary>
    public int? Seed
    {
        get => _seed;
        set
        {
            lock (_lock)
            {
                _seed = value;
                _random = value is { } seed ? new Random(seed) : new Random();
            }
        }
    }

    /// <summary>How many requests were failed on purpose so far.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Delays and maybe fails the request; false when it was answered here and must go no further.</summary>
    internal async Task<bool> PassAsync(HttpContext context, TimeProvider time)
    {
        var delay = Delay;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, context.RequestAborted);
        }

        var ratio = FailureRatio;
        if (ratio <= 0)
        {
            return true;
        }

        int status;
        lock (_lock)
        {
            if (_random.NextDouble() >= ratio)
            {
                return true;
            }

            status = Statuses[_random.Next(Statuses.Length)];
        }

        Interlocked.Increment(ref _failed);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync($"sandbox chaos: Knox answered {status} on purpose", context.RequestAborted);
        return false;
    }
}
