using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Tracker.Heron.Query.Bench;

if (args is ["--cpu", ..])
{
    // On a shared, overloaded machine wall-clock figures mostly measure the neighbours; the process's own CPU
    // time per query says what the query costs.
    var iterations = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200;
    var benchmarks = new MetricsQueryBenchmarks();
    benchmarks.Setup();
    foreach (var (name, run) in new (string, Func<int>)[] { ("capacity", benchmarks.CapacityQuery), ("failures", benchmarks.FailuresQuery) })
    {
        for (var i = 0; i < 150; i++)
        {
            run();
        }

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            run();
        }

        wall.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / iterations;
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / 1024.0 / iterations;
        Console.WriteLine($"{name}: {cpu:F3} ms CPU/query, {wall.Elapsed.TotalMilliseconds / iterations:F3} ms wall/query, {allocated:F0} KB allocated/query ({iterations} runs)");
    }

    return;
}

// A short, in-process job: the machine is shared, so the figures are indicative rather than precise.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .AddDiagnoser(MemoryDiagnoser.Default);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
