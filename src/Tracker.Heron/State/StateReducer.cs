using Google.Protobuf;
using Tracker.Heron.Proto;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.State;

/// <summary>
/// Where one state manager's reads become topology state. A state manager only watches or reads and
/// reports what it found: the topology names under <c>{root}/topologies</c>, and per topology the
/// bytes of each <see cref="StateSource"/> (null when the node or file is missing). The reducer
/// parses them, decides which TManager location is in effect, and hands typed states to the
/// <see cref="TopologyRegistry"/>.
/// <para>
/// TManager location (contract §1.2): Heron 0.20.4 renamed <c>tmasters</c> to <c>tmanagers</c>
/// without changing the message. While a topology has a <c>tmanagers</c> node, that node decides,
/// whatever <c>tmasters</c> holds; without one, <c>tmasters</c> does. A node that exists but does not
/// parse (a write caught half done) keeps the location published before, as for every other state.
/// </para>
/// <para>
/// Calls are serialised by a lock: each state manager reports from one thread at a time, so it is
/// never contended, but a report racing a rename of the topology list stays consistent.
/// </para>
/// </summary>
internal sealed partial class StateReducer
{
    private readonly Lock _lock = new();
    private readonly string _stateManager;
    private readonly TopologyRegistry _registry;
    private readonly ILogger _logger;
    private readonly Func<StateSource, string, string> _describe;
    // Topologies with a tmanagers node (parsed or not): for them tmasters is ignored.
    private readonly HashSet<string> _withTManagerNode = new(StringComparer.Ordinal);
    // The last location parsed from each topology's tmasters node, only while that node exists.
    private readonly Dictionary<string, TManagerLocation?> _legacyLocations = new(StringComparer.Ordinal);

    /// <param name="describe">Names a topology's node or file in log messages, from its source and topology name.</param>
    public StateReducer(string stateManager, TopologyRegistry registry, ILogger logger, Func<StateSource, string, string> describe)
    {
        _stateManager = stateManager;
        _registry = registry;
        _logger = logger;
        _describe = describe;
    }

    /// <summary>The full set of topology names now listed: new ones are added, vanished ones dropped with all their state.</summary>
    public void SetTopologyNames(IReadOnlyCollection<string> names)
    {
        lock (_lock)
        {
            var wanted = names as IReadOnlySet<string> ?? names.ToHashSet(StringComparer.Ordinal);
            _withTManagerNode.RemoveWhere(name => !wanted.Contains(name));
            foreach (var gone in _legacyLocations.Keys.Where(name => !wanted.Contains(name)).ToList())
            {
                _legacyLocations.Remove(gone);
            }

            _registry.SetTopologyNames(_stateManager, names);
        }
    }

    /// <summary>
    /// What a topology's node or file holds now: its bytes as stored by Heron (a plain serialized
    /// message, no framing), or null when it does not exist. The plans keep the array: the caller
    /// hands it over and never changes it. A report for a topology no longer listed is a late watch
    /// event and changes nothing.
    /// </summary>
    public void Report(string topology, StateSource source, byte[]? bytes)
    {
        lock (_lock)
        {
            if (_registry.Get(_stateManager, topology) is null)
            {
                return;
            }

            try
            {
                Apply(topology, source, bytes);
            }
            catch (InvalidProtocolBufferException e)
            {
                LogParseFailed(e, _stateManager, _describe(source, topology));
            }
        }
    }

    private void Apply(string topology, StateSource source, byte[]? bytes)
    {
        switch (source.Kind)
        {
            case StateKind.PhysicalPlan:
                _registry.SetPhysicalPlan(_stateManager, topology, bytes is null ? null : EncodedPhysicalPlan.Parse(bytes));
                break;
            case StateKind.PackingPlan:
                _registry.SetPackingPlan(_stateManager, topology, bytes is null ? null : EncodedPackingPlan.Parse(bytes));
                break;
            case StateKind.ExecutionState:
                _registry.SetExecutionState(_stateManager, topology, bytes is null ? null : ExecutionState.Parser.ParseFrom(bytes));
                break;
            case StateKind.SchedulerLocation:
                _registry.SetSchedulerLocation(_stateManager, topology, bytes is null ? null : SchedulerLocation.Parser.ParseFrom(bytes));
                break;
            case StateKind.TManagerLocation when source.Legacy:
                ApplyLegacyTManager(topology, bytes);
                break;
            case StateKind.TManagerLocation:
                ApplyTManager(topology, bytes);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, null);
        }
    }

    private void ApplyTManager(string topology, byte[]? bytes)
    {
        if (bytes is null)
        {
            _withTManagerNode.Remove(topology);
            _registry.SetTManagerLocation(_stateManager, topology, _legacyLocations.GetValueOrDefault(topology));
            return;
        }

        // Present from now on even when the parse below fails: a tmanagers node, readable or not, outranks tmasters.
        _withTManagerNode.Add(topology);
        _registry.SetTManagerLocation(_stateManager, topology, TManagerLocation.Parser.ParseFrom(bytes));
    }

    private void ApplyLegacyTManager(string topology, byte[]? bytes)
    {
        if (bytes is null)
        {
            _legacyLocations.Remove(topology);
        }
        else
        {
            // Kept as soon as it parses, so it is at hand when the tmanagers node goes.
            _legacyLocations[topology] = TManagerLocation.Parser.ParseFrom(bytes);
        }

        if (!_withTManagerNode.Contains(topology))
        {
            _registry.SetTManagerLocation(_stateManager, topology, _legacyLocations.GetValueOrDefault(topology));
        }
    }

    [LoggerMessage(EventId = EventIds.ParseFailed, Level = LogLevel.Warning, Message = "State manager {StateManager}: {Node} is not a valid message; keeping the previous state")]
    private partial void LogParseFailed(Exception exception, string stateManager, string node);
}
