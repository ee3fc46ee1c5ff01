namespace Tracker.Hadoop.Gateway;

internal sealed partial class KnoxHttp
{
    [LoggerMessage(EventId = EventIds.Retry, Level = LogLevel.Warning,
        Message = "Knox gateway call failed (status {StatusCode}, {Exception}); attempt {Attempt} in {Delay}")]
    private partial void LogRetry(int attempt, int statusCode, string? exception, TimeSpan delay);
}
