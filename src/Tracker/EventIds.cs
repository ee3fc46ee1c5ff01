namespace Tracker;

/// <summary>
/// The id of every log event this assembly writes, in one place so no two events share one and operators can
/// filter on them (1001-1999; the ids already in use when this list was made were kept).
/// </summary>
internal static class EventIds
{
    // Memory/IdleMemoryTrim.cs
    public const int Trimmed = 1001;

    // Sandbox/HadoopSandboxMode.cs
    public const int Gateway = 1002;
    public const int DemoJob = 1003;
}
