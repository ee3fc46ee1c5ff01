using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Tracker.ZooKeeper;

/// <summary>How a <see cref="ZooKeeperClient"/> connects.</summary>
public sealed record ZooKeeperClientOptions
{
    /// <summary>
    /// <c>host1:2181,host2:2181/optional/chroot</c>. Servers are tried in random order; every path the
    /// client is given or returns is relative to the chroot.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>Requested session timeout; the server clamps it to [2, 20] ticks by default. Default 10 s.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <see cref="ZooKeeperClient.ConnectAsync"/> waits for the first session. Default 30 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Optional <c>digest</c> credentials, sent on every connection before any request.</summary>
    public DigestCredentials? Digest { get; init; }

    /// <summary>Optional diagnostics hook (connection changes and errors); never receives credentials.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Where the client logs connection changes and errors (category <c>Tracker.ZooKeeper.ZooKeeperClient</c>). Default: nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// The meter the client records into: <c>tracker.zookeeper.*</c> instruments (session state, reconnects,
    /// expiries, requests in flight, watch events). Clients given the same meter share its instruments. Default: none.
    /// </summary>
    public Meter? Meter { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Resume this session instead of opening a new one (tests use it to force an expiry).</summary>
    internal (long Id, byte[] Password)? ResumeSession { get; init; }
}
