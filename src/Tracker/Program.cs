using Tracker.Hosting;

await using var tracker = await TrackerHost.StartAsync(args);
await tracker.WaitForShutdownAsync();
