using Tracker.Hosting;

try
{
    await using var tracker = await TrackerHost.StartAsync(args);
    await tracker.WaitForShutdownAsync();
    return 0;
}
catch (Exception e) when (ConfigurationMistake.Describe(e) is { } mistake)
{
    // A configuration mistake is the operator's to fix: say which setting and why, without a stack trace.
    await Console.Error.WriteLineAsync($"Tracker cannot start: {mistake}");
    return ConfigurationMistake.ExitCode;
}
