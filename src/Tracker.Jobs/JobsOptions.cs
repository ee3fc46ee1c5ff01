namespace Tracker.Jobs;

/// <summary>
/// Where the Knox gateway answers (<c>Jobs:Gateway</c>). The Tracker.Hadoop clients bind the whole section
/// (<c>Url</c>, <c>Topology</c>, <c>RequestTimeout</c>, <c>MaxRetries</c>, <c>RetryDelay</c>); this view only
/// tells whether a gateway is configured at all, without tripping their validation.
/// </summary>
internal sealed class GatewayOptions
{
    public const string Section = "Jobs:Gateway";

    /// <summary>The gateway's base URL including its topology, e.g. <c>https://knox.example.com:8443/gateway/bigdata</c>.</summary>
    public Uri? Url { get; set; }

    public bool IsConfigured => Url is { IsAbsoluteUri: true };
}

/// <summary>The tracking worker's tunables (<c>Jobs:Tracking</c>).</summary>
internal sealed class TrackingOptions
{
    public const string Section = "Jobs:Tracking";

    /// <summary>How often each running job is asked about (default 30 s; the sandbox uses 2 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of the interval added or removed at random (default 0.1) so jobs tracked together do not poll in lock step.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>Longest wait after repeated upstream errors (default 10 min); the wait doubles per consecutive error.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a worker owns a job it took (default 2 min); an expired lease lets another replica take over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Jobs taken per lease round (default 200).</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Jobs worked on at the same time (default 8).</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>Whether the worker also asks the ResourceManager for applications tagged by Oozie (default true).</summary>
    public bool DiscoverTaggedApplications { get; set; } = true;
}

/// <summary>How copy workflows are built and retried (<c>Jobs:LogCopy</c>); no site value is built in.</summary>
internal sealed class LogCopyOptions
{
    public const string Section = "Jobs:LogCopy";

    /// <summary>The YARN ResourceManager address written as the workflow's <c>job-tracker</c> (default <c>localhost:8032</c>).</summary>
    public string ResourceManager { get; set; } = "localhost:8032";

    /// <summary>The HDFS name node URI (default <c>hdfs://localhost:8020</c>).</summary>
    public string NameNode { get; set; } = "hdfs://localhost:8020";

    /// <summary>The YARN queue the copy runs in (default <c>default</c>).</summary>
    public string Queue { get; set; } = "default";

    /// <summary>Where copied logs go; <c>{user}</c> is replaced by the job owner's name (default <c>/user/{user}/WORK/logs</c>).</summary>
    public string LogRoot { get; set; } = "/user/{user}/WORK/logs";

    /// <summary>Copy attempts per application before it is reported FAILED (default 3).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the second attempt (default 1 min); it doubles for each further attempt.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The octal mode of saved log files (default <c>600</c>: their owner only). Directories Tracker creates or
    /// uses for them get the same mode plus execute wherever it grants read (<c>600</c> → <c>700</c>, <c>640</c> → <c>750</c>).
    /// The owner must keep read and write, or Tracker could not check and replace its own copies.
    /// </summary>
    public string Permission { get; set; } = "600";

    /// <summary>Three octal digits, the owner's being 6 or 7.</summary>
    public bool HasValidPermission => Permission is [>= '6' and <= '7', >= '0' and <= '7', >= '0' and <= '7'];

    /// <summary>The directory mode that goes with <see cref="Permission"/>: execute added wherever read is granted.</summary>
    public string DirectoryPermission => string.Concat(Permission.Select(digit => ((digit - '0') & 4) != 0 ? (char)(digit | 1) : digit));

    public string LogDirectory(string user) => LogRoot.Replace("{user}", user, StringComparison.Ordinal).TrimEnd('/');
}

/// <summary>How callers are authenticated (<c>Jobs:Authentication</c>).</summary>
internal sealed class AuthenticationOptions
{
    public const string Section = "Jobs:Authentication";

    /// <summary>
    /// How long a successful Knox verification is remembered (default 30 s; zero asks Knox on every request).
    /// Only a salted hash of the Authorization header is kept, never the password.
    /// </summary>
    public TimeSpan VerificationCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The credential vault (<c>Jobs:Vault</c>).</summary>
internal sealed class VaultOptions
{
    public const string Section = "Jobs:Vault";

    /// <summary>How long stored credentials live after the user's last authenticated request (default 7 days).</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Where the Data Protection key ring that encrypts stored credentials is kept (default
    /// <c>{Tracker:DataDirectory}/jobs/keys</c>). Replicas sharing a PostgreSQL store must point this at one shared
    /// directory, or a replica cannot decrypt the credentials another one stored.
    /// </summary>
    public string? KeyRingDirectory { get; set; }

    /// <summary>
    /// A PEM file with an X.509 certificate (RSA) whose public key encrypts the key ring's keys at
    /// rest; its private key is read from the same file or from <see cref="KeyRingCertificateKey"/>.
    /// Unset (the default), the keys are stored unencrypted on Linux and the key ring directory must
    /// be protected like the store. Every replica needs the same certificate, and so does every
    /// restart: keys written under a certificate cannot be read without it.
    /// </summary>
    public string? KeyRingCertificate { get; set; }

    /// <summary>A PEM file with the private key of <see cref="KeyRingCertificate"/>, when that file holds the certificate only.</summary>
    public string? KeyRingCertificateKey { get; set; }
}

/// <summary>Who may read every user's jobs (<c>Tracker:Admins</c>, a list or a comma-separated string).</summary>
internal sealed class AdminOptions
{
    public HashSet<string> Users { get; } = new(StringComparer.Ordinal);
}

/// <summary>Where the job store lives (<c>Jobs:Store</c>).</summary>
internal sealed class StoreOptions
{
    public const string Section = "Jobs:Store";

    /// <summary>
    /// <c>sqlite</c> (default: one file under the data directory, one Tracker process) or <c>postgres</c>
    /// (a database several replicas share).
    /// </summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The Npgsql connection string, required for <c>postgres</c>; it is never logged.</summary>
    public string? ConnectionString { get; set; }
}
