namespace Tracker.Sandbox.Heron;

/// <summary>
/// A demo topology of the Heron sandbox: what Heron's submitter would have submitted and where
/// its instances run. Container 0 is the TManager's; instances run in containers 1..<see cref="Containers"/>,
/// each container has one stream manager <c>stmgr-{container}</c>.
/// </summary>
public sealed record DemoTopology(
    string Name,
    string Cluster,
    string Environ,
    string Role,
    int Containers,
    IReadOnlyList<DemoComponent> Components)
{
    /// <summary>Heron's topology id: the name plus a unique suffix, as the submitter makes it.</summary>
    public string Id => $"{Name}-{Role}-demo";

    /// <summary>
    /// Every instance, task ids counted from 1 across components in declaration order, placed
    /// round-robin over the containers as Heron's round-robin packing does.
    /// </summary>
    public IReadOnlyList<DemoInstance> Instances { get; } = Place(Components, Containers);

    public IEnumerable<DemoInstance> InstancesIn(int container) => Instances.Where(i => i.Container == container);

    public static string StreamManagerId(int container) => $"stmgr-{container}";

    private static IReadOnlyList<DemoInstance> Place(IReadOnlyList<DemoComponent> components, int containers)
    {
        var instances = new List<DemoInstance>();
        var taskId = 1;
        foreach (var component in components)
        {
            for (var index = 0; index < component.Parallelism; index++, taskId++)
            {
                var container = (taskId - 1) % containers + 1;
                instances.Add(new DemoInstance($"container_{container}_{component.Name}_{taskId}", component.Name, taskId, index, container));
            }
        }

        return instances;
    }
}

/// <summary>A spout or bolt; <see cref="Inputs"/> names the components whose default stream it subscribes to.</summary>
public sealed record DemoComponent(string Name, bool IsSpout, int Parallelism, IReadOnlyList<string> Inputs);

/// <summary>One instance of a component: <c>container_{container}_{component}_{taskId}</c>.</summary>
public sealed record DemoInstance(string Id, string Component, int TaskId, int ComponentIndex, int Container);

/// <summary>The sandbox's demo topologies: cluster <c>local</c>, environ <c>default</c>, role <c>alice</c>.</summary>
public static class DemoTopologies
{
    public const string Cluster = "local";
    public const string Environ = "default";
    public const string Role = "alice";

    public static DemoTopology WordCount { get; } = new(
        "WordCount", Cluster, Environ, Role, Containers: 3,
        [
            new DemoComponent("word", IsSpout: true, Parallelism: 3, Inputs: []),
            new DemoComponent("count", IsSpout: false, Parallelism: 3, Inputs: ["word"]),
        ]);

    public static DemoTopology Exclamation { get; } = new(
        "ExclamationTopology", Cluster, Environ, Role, Containers: 2,
        [
            new DemoComponent("word", IsSpout: true, Parallelism: 2, Inputs: []),
            new DemoComponent("exclaim1", IsSpout: false, Parallelism: 2, Inputs: ["word"]),
            new DemoComponent("exclaim2", IsSpout: false, Parallelism: 2, Inputs: ["exclaim1"]),
        ]);

    public static IReadOnlyList<DemoTopology> All { get; } = [WordCount, Exclamation];
}
