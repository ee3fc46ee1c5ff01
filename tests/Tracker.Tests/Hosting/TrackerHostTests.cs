using Tracker.Hosting;

namespace Tracker.Tests.Hosting;

public sealed class TrackerHostTests
{
    [Fact]
    public void CommandLine_SandboxFlag_IsTakenOutOfTheConfigurationArguments()
    {
        var parsed = CommandLine.Parse(["--sandbox", "--urls", "http://127.0.0.1:9000"]);

        Assert.True(parsed.Sandbox);
        Assert.Equal(["--urls", "http://127.0.0.1:9000"], parsed.ConfigurationArgs);
    }

    [Fact]
    public void CommandLine_WithoutSandbox_ServesFromConfiguration()
    {
        Assert.False(CommandLine.Parse(["--urls", "http://127.0.0.1:9000"]).Sandbox);
    }

    [Fact]
    public async Task Start_CreatesTheDataDirectoryAndExposesItAbsolute()
    {
        await using var tracker = await RunningTracker.StartAsync();

        var options = tracker.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TrackerOptions>>().Value;

        Assert.True(Path.IsPathFullyQualified(options.DataDirectory));
        Assert.Equal(Path.GetFullPath(tracker.DataDirectory), options.DataDirectory);
        Assert.True(Directory.Exists(options.DataDirectory));
    }

    [Fact]
    public async Task Start_BindsTheRequestedAddress()
    {
        await using var tracker = await RunningTracker.StartAsync();

        Assert.Equal("127.0.0.1", tracker.App.Url.Host);
        Assert.NotEqual(0, tracker.App.Url.Port);
    }
}
