namespace Tracker.Jobs.Tests.Support;

/// <summary>One Tracker with the sandbox shared by a test class whose tests change nothing the others read.</summary>
public sealed class SandboxTracker : IAsyncLifetime
{
    internal TrackerProcess Tracker { get; private set; } = null!;

    internal JobsClient Alice { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Tracker = await TrackerProcess.StartWithSandboxAsync();
        Alice = new JobsClient(Tracker.Url, "alice", "alice-secret");
    }

    public async Task DisposeAsync()
    {
        Alice.Dispose();
        await Tracker.DisposeAsync();
    }
}
