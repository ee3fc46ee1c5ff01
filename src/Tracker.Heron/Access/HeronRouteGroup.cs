namespace Tracker.Heron.Access;

/// <summary>
/// The parts of the Heron API an operator can protect one by one (<c>Heron:Authentication:Protect</c>):
/// state is harmless to most, while instance tools and container files reach into running JVMs and hosts.
/// </summary>
public enum HeronRouteGroup
{
    /// <summary>Clusters, topologies, plans, execution state, scheduler location, metadata, config, machines.</summary>
    State,

    /// <summary>Metrics, timelines, metrics queries, exceptions, runtime state (answered by the TManager).</summary>
    Metrics,

    /// <summary>pid, jstack, jmap and histo of an instance's JVM (through heron-shell).</summary>
    InstanceTools,

    /// <summary>File listings, file data and downloads of a container (through heron-shell).</summary>
    ContainerFiles,
}
