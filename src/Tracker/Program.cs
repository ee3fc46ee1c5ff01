using Microsoft.Extensions.Options;
using Tracker.Hosting;

try
{
    await using var tracker = await TrackerHost.StartAsync(args);
    await tracker.WaitForShutdownAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    // A configuration mistake is the operator's to fix: say which setting and why, without a stack trace.
    await Console.Error.WriteLineAsync($"Tracker cannot start: {string.Join(" ", e.Failures)}");
    return 2;
}
