namespace Tracker.Heron.State;

/// <summary>
/// How a state manager stands, for <c>/health/ready</c>. <see cref="Connected"/>: its source answers (the
/// ZooKeeper session is connected; the last file system scan worked). <see cref="CaughtUp"/>: its first
/// complete read is in the registry and no change waits to be applied. <see cref="Session"/>: the
/// ZooKeeper session state (null for a file system root).
/// </summary>
internal sealed record StateManagerStatus(bool Connected, bool CaughtUp, string? Session, string Detail)
{
    public static StateManagerStatus NotStarted { get; } = new(false, false, null, "not started");
}
