namespace Tracker.Sandbox;

/// <summary>
/// The id of every log event this assembly writes, in one place so no two events share one and operators can
/// filter on them (6001-6999; the ids already in use when this list was made were kept).
/// </summary>
internal static class EventIds
{
    // Hadoop/Oozie/OozieServer.cs
    public const int Submitted = 6001;
    public const int ActionEnded = 6002;
    public const int JobEnded = 6003;
    public const int RunFailed = 6004;
    public const int ActionRefused = 6005;
}
