using System.Diagnostics;

namespace Tracker.Heron.Tests.Metrics;

/// <summary>
/// Chaos at a TManager: one that hangs costs each caller the configured timeout only until its circuit opens;
/// then calls answer 503 at once, and once it recovers a trial call closes the circuit again.
/// </summary>
public sealed class TManagerCircuitTests
{
    private const string Metrics = "component=word&metricname=__emit-count/default&interval=600";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_hanging_TManager_times_out_then_answers_503_at_once_and_recovers_through_a_trial_call()
    {
        await using var host = await HeronSandboxHost.StartAsync(
            null,
            "--Heron:TManager:Timeout", "00:00:02",
            "--Heron:TManager:CircuitBreaker:MinimumThroughput", "2",
            "--Heron:TManager:CircuitBreaker:BreakDuration", "00:00:01");
        var url = $"/v2/topologies/metrics?{host.Coordinates}&{Metrics}";
        host.TManager.ResponseDelay = TimeSpan.FromMinutes(5);

        // Closed: each call waits for the configured timeout, no longer (and not the minutes the TManager would take).
        for (var i = 0; i < 2; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Assert.Contains("did not answer", await host.GetUnwrappedFailureAsync(url, 504));
            var elapsed = Stopwatch.GetElapsedTime(started);
            Assert.True(elapsed >= Timeout - TimeSpan.FromMilliseconds(100) && elapsed < Timeout + TimeSpan.FromSeconds(8), $"answered after {elapsed}");
        }

        // Open: 503 at once, in each style's error format, without waiting for the TManager.
        var opened = Stopwatch.GetTimestamp();
        Assert.Contains("circuit open", await host.GetUnwrappedFailureAsync(url, 503));
        Assert.True(Stopwatch.GetElapsedTime(opened) < Timeout, $"the open circuit answered after {Stopwatch.GetElapsedTime(opened)}");
        Assert.Contains("circuit open", await host.GetEnvelopeFailureAsync($"/topologies/exceptionsummary?{host.Coordinates}&component=word", 503));

        // The TManager recovers: after the break a trial call goes through and closes the circuit.
        host.TManager.ResponseDelay = TimeSpan.Zero;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (response, _) = await host.GetAsync(url);
            if (response.IsSuccessStatusCode)
            {
                break;
            }

            Assert.Equal(503, (int)response.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, "The circuit did not close within 30 s of the TManager's recovery.");
            await Task.Delay(100);
        }

        await host.GetUnwrappedAsync(url);
        await host.GetEnvelopeResultAsync($"/topologies/metrics?{host.Coordinates}&{Metrics}");
    }

    [Fact]
    public async Task A_missing_TManager_location_is_503_every_time_and_opens_no_circuit()
    {
        await using var host = await HeronSandboxHost.StartAsync(
            null,
            "--Heron:TManager:Timeout", "00:00:00.500",
            "--Heron:TManager:CircuitBreaker:MinimumThroughput", "2");
        var url = $"/v2/topologies/metrics?{host.Coordinates}&{Metrics}";

        // Calls that never left (no location) are 503 "no TManager location" however many: no circuit opens.
        await host.Writer.DeleteAsync(Tracker.Sandbox.Heron.State.HeronStateWriter.TManagers, host.Topology.Name, CancellationToken.None);
        await host.WaitForAsync(s => s.TManagerLocation is null);
        for (var i = 0; i < 3; i++)
        {
            Assert.Contains("no TManager location", await host.GetUnwrappedFailureAsync(url, 503));
        }
    }
}
