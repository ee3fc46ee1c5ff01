using System.Collections.Frozen;
using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Tracker.Heron.Proto;
using Tracker.Heron.Telemetry;

namespace Tracker.Heron.Topologies;

/// <summary>
/// Every topology of every configured state manager, as immutable <see cref="TopologySnapshot"/>s.
/// State managers push changes in; each change builds a new snapshot and a new catalog that are
/// published with one reference swap, so readers never lock and never see half an update.
/// <para>
/// Lookups follow the reference: cluster, environ and role come from a topology's execution state,
/// so a topology without one is listed nowhere and found by no lookup (but is kept, and appears as
/// soon as its execution state is written).
/// </para>
/// </summary>
public sealed partial class TopologyRegistry
{
    private readonly Lock _write = new();
    private readonly ILogger<TopologyRegistry> _logger;
    private readonly SnapshotBudget<TopologySnapshot.ParsedPlan> _parsedPlans;
    private readonly HeronMetrics? _metrics;
    private Catalog _catalog = Catalog.Empty;
    private long _version;

    public TopologyRegistry(ILogger<TopologyRegistry> logger, IOptions<HeronOptions> options, HeronMetrics? metrics = null)
    {
        _logger = logger;
        _metrics = metrics;
        metrics?.ObserveTopologies(() => Topologies);
        _parsedPlans = new(options.Value.ParsedPlanCacheBytes, static plan => plan.EncodedLength * TopologySnapshot.ParsedPlan.SizeFactor);
    }

    /// <summary>The state manager names in configuration order: what <c>/clusters</c> returns.</summary>
    public IReadOnlyList<string> StateManagers => Volatile.Read(ref _catalog).StateManagers;

    /// <summary>Every known topology, ordered by state manager (configuration order) then name.</summary>
    public IReadOnlyList<TopologySnapshot> Topologies => Volatile.Read(ref _catalog).Ordered;

    /// <summary>Changes with every published change; answers derived from the whole registry can be cached per generation.</summary>
    public long Generation => Volatile.Read(ref _catalog).Generation;

    public TopologySnapshot? Get(string stateManager, string name)
        => Volatile.Read(ref _catalog).ByKey.GetValueOrDefault(new TopologyKey(stateManager, name));

    /// <summary>
    /// The topology named <paramref name="topology"/> whose execution state says
    /// <paramref name="cluster"/> and <paramref name="environ"/> (and <paramref name="role"/> when
    /// given), or null. When several state managers hold a matching topology the first configured
    /// one wins, so answers stay stable instead of failing as the reference did.
    /// </summary>
    public TopologySnapshot? Find(string cluster, string environ, string topology, string? role = null)
    {
        var matches = Volatile.Read(ref _catalog).ByCoordinates.GetValueOrDefault((cluster, environ, topology));
        if (matches.IsDefaultOrEmpty)
        {
            return null;
        }

        foreach (var match in matches)
        {
            if (role is null || string.Equals(match.Role, role, StringComparison.Ordinal))
            {
                return match;
            }
        }

        return null;
    }

    /// <summary>
    /// Topologies that have an execution state and match the filters; an empty filter list
    /// means "any", <paramref name="role"/> null means any role.
    /// </summary>
    public IEnumerable<TopologySnapshot> Filter(IReadOnlyCollection<string> clusters, IReadOnlyCollection<string> environs, string? role = null)
    {
        foreach (var snapshot in Volatile.Read(ref _catalog).Ordered)
        {
            var state = snapshot.ExecutionState;
            if (state is null
                || (clusters.Count > 0 && !clusters.Contains(state.Cluster))
                || (environs.Count > 0 && !environs.Contains(state.Environ))
                || (role is not null && !string.Equals(state.Role, role, StringComparison.Ordinal)))
            {
                continue;
            }

            yield return snapshot;
        }
    }

    /// <summary>Declares a configured state manager, so it is listed even while it holds no topology.</summary>
    internal void AddStateManager(string name)
    {
        lock (_write)
        {
            var catalog = _catalog;
            if (!catalog.StateManagers.Contains(name))
            {
                Publish(new Catalog(catalog.StateManagers.Add(name), catalog.ByKey, catalog.Generation + 1));
            }
        }
    }

    /// <summary>
    /// The full set of topology names now under a state manager's <c>{root}/topologies</c>:
    /// new names are added with no state yet, vanished ones are removed with all their state.
    /// </summary>
    internal void SetTopologyNames(string stateManager, IReadOnlyCollection<string> names)
    {
        lock (_write)
        {
            var catalog = _catalog;
            var byKey = catalog.ByKey.ToBuilder();
            var wanted = names.ToHashSet(StringComparer.Ordinal);
            var changed = false;
            foreach (var key in catalog.ByKey.Keys.Where(k => k.StateManager == stateManager && !wanted.Contains(k.Name)))
            {
                byKey.Remove(key);
                changed = true;
                LogTopologyRemoved(stateManager, key.Name);
            }

            foreach (var name in wanted)
            {
                var key = new TopologyKey(stateManager, name);
                if (!byKey.ContainsKey(key))
                {
                    var snapshot = new TopologySnapshot(stateManager, name, TopologyStates.None, Interlocked.Increment(ref _version), _parsedPlans);
                    byKey[key] = snapshot;
                    changed = true;
                    LogTopologyAdded(stateManager, name);
                }
            }

            if (changed)
            {
                Publish(catalog.With(byKey.ToImmutable()));
            }
        }
    }

    /// <summary>The physical plan of a known topology was read (null: the node or file is gone).</summary>
    internal bool SetPhysicalPlan(string stateManager, string name, EncodedPhysicalPlan? plan)
        => Set(stateManager, name, StateKind.PhysicalPlan, plan, static s => s.PhysicalPlan, static (s, v) => s with { PhysicalPlan = v });

    internal bool SetPackingPlan(string stateManager, string name, EncodedPackingPlan? plan)
        => Set(stateManager, name, StateKind.PackingPlan, plan, static s => s.PackingPlan, static (s, v) => s with { PackingPlan = v });

    internal bool SetExecutionState(string stateManager, string name, ExecutionState? state)
        => Set(stateManager, name, StateKind.ExecutionState, state, static s => s.ExecutionState, static (s, v) => s with { ExecutionState = v });

    /// <summary>The TManager location in effect, after the state reducer chose between <c>tmanagers</c> and <c>tmasters</c>.</summary>
    internal bool SetTManagerLocation(string stateManager, string name, TManagerLocation? location)
        => Set(stateManager, name, StateKind.TManagerLocation, location, static s => s.TManagerLocation, static (s, v) => s with { TManagerLocation = v });

    internal bool SetSchedulerLocation(string stateManager, string name, SchedulerLocation? location)
        => Set(stateManager, name, StateKind.SchedulerLocation, location, static s => s.SchedulerLocation, static (s, v) => s with { SchedulerLocation = v });

    /// <summary>
    /// One state of a known topology changed. Returns false when it is equal to the state held, or
    /// when the topology is no longer known: late watch events of a removed topology are ignored,
    /// so they can never resurrect it.
    /// </summary>
    private bool Set<T>(string stateManager, string name, StateKind kind, T? state, Func<TopologyStates, T?> get, Func<TopologyStates, T?, TopologyStates> with)
        where T : class
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        lock (_write)
        {
            var catalog = _catalog;
            var key = new TopologyKey(stateManager, name);
            if (!catalog.ByKey.TryGetValue(key, out var current) || Equals(get(current.States), state))
            {
                return false;
            }

            var snapshot = new TopologySnapshot(stateManager, name, with(current.States, state), Interlocked.Increment(ref _version), _parsedPlans);
            Publish(catalog.With(catalog.ByKey.SetItem(key, snapshot)));
        }

        _metrics?.StateUpdateApplied(stateManager, kind, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return true;
    }

    private void Publish(Catalog catalog) => Volatile.Write(ref _catalog, catalog);

    [LoggerMessage(EventId = EventIds.TopologyAdded, Level = LogLevel.Information, Message = "Topology {Topology} appeared in state manager {StateManager}")]
    private partial void LogTopologyAdded(string stateManager, string topology);

    [LoggerMessage(EventId = EventIds.TopologyRemoved, Level = LogLevel.Information, Message = "Topology {Topology} disappeared from state manager {StateManager}")]
    private partial void LogTopologyRemoved(string stateManager, string topology);

    private readonly record struct TopologyKey(string StateManager, string Name);

    /// <summary>
    /// All topologies at one moment. The ordered list and the lookup index are built on first read,
    /// so a burst of changes (a state manager's first scan) does not rebuild them per change.
    /// </summary>
    private sealed record Catalog(ImmutableList<string> StateManagers, ImmutableDictionary<TopologyKey, TopologySnapshot> ByKey, long Generation)
    {
        private IReadOnlyList<TopologySnapshot>? _ordered;
        private FrozenDictionary<(string Cluster, string Environ, string Name), ImmutableArray<TopologySnapshot>>? _byCoordinates;

        public static Catalog Empty { get; } = new([], ImmutableDictionary<TopologyKey, TopologySnapshot>.Empty, 0);

        public IReadOnlyList<TopologySnapshot> Ordered => _ordered ??= ByKey.Values
            .OrderBy(s => StateManagers.IndexOf(s.StateManager) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(s => s.StateManager, StringComparer.Ordinal)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToArray();

        public FrozenDictionary<(string Cluster, string Environ, string Name), ImmutableArray<TopologySnapshot>> ByCoordinates => _byCoordinates ??= Ordered
            .Where(s => s.ExecutionState is not null)
            .GroupBy(s => (s.ExecutionState!.Cluster, s.ExecutionState.Environ, s.Name))
            .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray());

        public Catalog With(ImmutableDictionary<TopologyKey, TopologySnapshot> byKey) => new(StateManagers, byKey, Generation + 1);
    }
}
