using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Tracker.ZooKeeper.Diagnostics;

/// <summary>
/// The <c>tracker.zookeeper.*</c> instruments of one meter. Every client given that meter records into
/// the same instruments (a meter cannot hold two instruments of one name), told apart by the
/// <c>zookeeper.ensemble</c> tag; the session-state gauge reads the clients that are open.
/// </summary>
internal sealed class ZooKeeperInstruments
{
    private static readonly ConditionalWeakTable<Meter, ZooKeeperInstruments> ByMeter = [];

    /// <summary>The states a live client can be in: each gets a 0/1 series, so a dashboard sees changes as values, not as series appearing.</summary>
    private static readonly ZooKeeperState[] LiveStates =
        [ZooKeeperState.Connecting, ZooKeeperState.Connected, ZooKeeperState.Disconnected, ZooKeeperState.Reconnected, ZooKeeperState.Expired];

    private readonly Lock _gate = new();
    private readonly List<ZooKeeperClient> _open = [];

    private ZooKeeperInstruments(Meter meter)
    {
        meter.CreateObservableGauge(
            "tracker.zookeeper.session.state", ObserveStates, "{session}",
            "1 for the connection state each open client is in, 0 for the other states.");
        Reconnects = meter.CreateCounter<long>(
            "tracker.zookeeper.reconnects", "{reconnect}", "Sessions resumed on the same or another server after a lost connection.");
        Expirations = meter.CreateCounter<long>(
            "tracker.zookeeper.session.expirations", "{expiration}", "Sessions the server expired (their watches and ephemeral znodes are gone).");
        InFlight = meter.CreateUpDownCounter<long>(
            "tracker.zookeeper.requests.in_flight", "{request}", "Requests sent or queued and not yet answered.");
        RequestDuration = meter.CreateHistogram(
            "tracker.zookeeper.request.duration", "s", "Time from queuing a request to its reply.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        WatchEvents = meter.CreateCounter<long>(
            "tracker.zookeeper.watch.events", "{event}", "Watch notifications from the server, and watches lost with a session.");
    }

    public Counter<long> Reconnects { get; }

    public Counter<long> Expirations { get; }

    public UpDownCounter<long> InFlight { get; }

    public Histogram<double> RequestDuration { get; }

    public Counter<long> WatchEvents { get; }

    public static ZooKeeperInstruments For(Meter meter) => ByMeter.GetValue(meter, static m => new ZooKeeperInstruments(m));

    /// <summary>The tag every measurement of a client carries: its servers (and chroot), as configured.</summary>
    public static KeyValuePair<string, object?> EnsembleTag(ConnectionString connection)
        => new("zookeeper.ensemble", string.Join(",", connection.Servers.Select(s => $"{s.Host}:{s.Port}")) + connection.Chroot);

    public void Opened(ZooKeeperClient client)
    {
        lock (_gate)
        {
            _open.Add(client);
        }
    }

    public void Closed(ZooKeeperClient client)
    {
        lock (_gate)
        {
            _open.Remove(client);
        }
    }

    private IEnumerable<Measurement<int>> ObserveStates()
    {
        ZooKeeperClient[] clients;
        lock (_gate)
        {
            clients = [.. _open];
        }

        var measurements = new List<Measurement<int>>(clients.Length * LiveStates.Length);
        foreach (var client in clients)
        {
            var current = client.State;
            foreach (var state in LiveStates)
            {
                measurements.Add(new Measurement<int>(
                    current == state ? 1 : 0,
                    client.EnsembleTag,
                    new KeyValuePair<string, object?>("zookeeper.state", StateName(state))));
            }
        }

        return measurements;
    }

    internal static string StateName(ZooKeeperState state) => state switch
    {
        ZooKeeperState.Connecting => "connecting",
        ZooKeeperState.Connected => "connected",
        ZooKeeperState.Disconnected => "disconnected",
        ZooKeeperState.Reconnected => "reconnected",
        ZooKeeperState.Expired => "expired",
        _ => "closed",
    };

    internal static string EventName(WatchEventType type) => type switch
    {
        WatchEventType.NodeCreated => "node_created",
        WatchEventType.NodeDeleted => "node_deleted",
        WatchEventType.NodeDataChanged => "node_data_changed",
        WatchEventType.NodeChildrenChanged => "node_children_changed",
        WatchEventType.WatchLost => "watch_lost",
        _ => "other",
    };
}
