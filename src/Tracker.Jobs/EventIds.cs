namespace Tracker.Jobs;

/// <summary>
/// The id of every log event this assembly writes, in one place so no two events share one and operators can
/// filter on them (3001-3999; the ids already in use when this list was made were kept).
/// </summary>
internal static class EventIds
{
    // Authentication/KnoxAuthenticator.cs
    public const int Refused = 3101;
    public const int GatewayUnavailable = 3102;

    // Tracking/ApplicationDiscovery.cs
    public const int ResourceManagerUnavailable = 3201;

    // Tracking/TrackingLog.cs
    public const int StatusChanged = 3301;
    public const int Vanished = 3302;
    public const int CredentialsRefused = 3303;
    public const int NoCredentials = 3304;
    public const int UpstreamError = 3305;
    public const int LeaseLost = 3306;
    public const int CredentialsForgotten = 3307;

    // LogCopy/CopyLog.cs
    public const int Submitted = 3308;
    public const int Reconciled = 3309;
    public const int Succeeded = 3310;
    public const int Retry = 3311;
    public const int Failed = 3312;
    public const int CleanupFailed = 3313;

    // Tracking/TrackingLog.cs
    public const int ChildTracked = 3314;

    // Tracking/TrackingWorker.cs
    public const int Started = 3401;
    public const int RoundFailed = 3402;
    public const int JobFailed = 3403;
    public const int NoGateway = 3404;

    // Apis/JobsApiExceptionHandler.cs
    public const int Unexpected = 3501;

    // Watches/WatchDiscoveryWorker.cs
    public const int WatchBlocked = 3601;
    public const int WatchRoundFailed = 3602;

    // Retention/RetentionSweeper.cs
    public const int RetentionDeleted = 3701;
    public const int RetentionNoCredentials = 3702;
    public const int RetentionDeleteFailed = 3703;
    public const int RetentionSweepFailed = 3704;
}
