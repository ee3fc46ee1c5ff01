namespace Tracker.Upstream;

/// <summary>
/// The id of every log event this assembly writes, in one place so no two events share one and operators can
/// filter on them (7001-7999; the ids already in use when this list was made were kept).
/// </summary>
internal static class EventIds
{
    // UpstreamCircuits.cs
    public const int Opened = 7001;
    public const int HalfOpened = 7002;
    public const int Closed = 7003;
}
