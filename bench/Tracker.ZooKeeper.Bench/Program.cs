using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Tracker.ZooKeeper.Bench -- --filter '*' [--job short]
// The server comes from TRACKER_TEST_ZK (default 127.0.0.1:21810).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
