namespace Tracker.Hadoop;

/// <summary>
/// The id of every log event this assembly writes, in one place so no two events share one and operators can
/// filter on them (2001-2999; the ids already in use when this list was made were kept).
/// </summary>
internal static class EventIds
{
    // Gateway/KnoxHttp.Log.cs
    public const int Retry = 2001;
}
