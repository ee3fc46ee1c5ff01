using Google.Protobuf;
using Tracker.Heron.Proto;

namespace Tracker.Sandbox.Heron;

/// <summary>Where a demo topology's processes listen and live: what the TManager, stream managers and scheduler publish.</summary>
public sealed record DemoEndpoints(
    int? TManagerStatsPort,
    IReadOnlyDictionary<int, int> ShellPorts,
    IReadOnlyDictionary<int, string> ContainerDirectories)
{
    public static DemoEndpoints None { get; } = new(null, new Dictionary<int, int>(), new Dictionary<int, string>());
}

/// <summary>
/// The six messages Heron's submitter, scheduler and TManager write for a topology, built from a
/// <see cref="DemoTopology"/>: the topology as submitted, its packing plan and execution state,
/// the scheduler location, and (once "running") the TManager location and physical plan.
/// </summary>
public sealed record DemoState(
    Topology Topology,
    PackingPlan PackingPlan,
    ExecutionState ExecutionState,
    SchedulerLocation SchedulerLocation,
    TManagerLocation TManagerLocation,
    PhysicalPlan PhysicalPlan)
{
    /// <summary>The host every sandbox process listens on.</summary>
    public const string Host = "127.0.0.1";

    private const long GiB = 1L << 30;

    public static DemoState Build(DemoTopology demo, DemoEndpoints endpoints, DateTimeOffset submitted)
    {
        var topology = BuildTopology(demo);
        var execution = new ExecutionState
        {
            TopologyName = demo.Name,
            TopologyId = demo.Id,
            SubmissionTime = submitted.ToUnixTimeSeconds(),
            SubmissionUser = demo.Role,
            Cluster = demo.Cluster,
            Environ = demo.Environ,
            Role = demo.Role,
            ReleaseState = new HeronReleaseState { ReleaseUsername = "sandbox", ReleaseTag = "sandbox", ReleaseVersion = "0.20.5-incubating" },
        };
        var scheduler = new SchedulerLocation
        {
            TopologyName = demo.Name,
            HttpEndpoint = $"{Host}:0",
            JobPageLink = { $"http://{Host}/sandbox/jobs/{demo.Name}" },
        };
        var tmanager = new TManagerLocation
        {
            TopologyName = demo.Name,
            TopologyId = demo.Id,
            Host = Host,
            ControllerPort = 0,
            ServerPort = 0,
        };
        if (endpoints.TManagerStatsPort is { } statsPort)
        {
            tmanager.StatsPort = statsPort;
        }

        var plan = new PhysicalPlan { Topology = topology };
        for (var container = 1; container <= demo.Containers; container++)
        {
            var stmgr = new StMgr
            {
                Id = DemoTopology.StreamManagerId(container),
                HostName = Host,
                DataPort = 0,
                LocalEndpoint = $"/unused/{demo.Name}/{container}",
                Pid = 1000 + container,
            };
            if (endpoints.ShellPorts.TryGetValue(container, out var shellPort))
            {
                stmgr.ShellPort = shellPort;
            }

            if (endpoints.ContainerDirectories.TryGetValue(container, out var directory))
            {
                stmgr.Cwd = directory;
            }

            plan.Stmgrs.Add(stmgr);
        }

        foreach (var instance in demo.Instances)
        {
            plan.Instances.Add(new Instance
            {
                InstanceId = instance.Id,
                StmgrId = DemoTopology.StreamManagerId(instance.Container),
                Info = new InstanceInfo { TaskId = instance.TaskId, ComponentIndex = instance.ComponentIndex, ComponentName = instance.Component },
            });
        }

        return new DemoState(topology, BuildPackingPlan(demo), execution, scheduler, tmanager, plan);
    }

    private static Topology BuildTopology(DemoTopology demo)
    {
        var topology = new Topology
        {
            Id = demo.Id,
            Name = demo.Name,
            State = TopologyState.Running,
            TopologyConfig = new Config
            {
                Kvs =
                {
                    Text("topology.message.timeout.secs", "30"),
                    Text("topology.stmgrs", demo.Containers.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    Text("topology.debug", "false"),
                    // Heron's Java API stores non-string values Java-serialized; one of each kind keeps the decoder honest.
                    new Config.Types.KeyValue { Key = "topology.container.max.cpu.hint", SerializedValue = ByteString.CopyFrom(JavaSerialized.Integer(4)), Type = ConfigValueType.JavaSerializedValue },
                    new Config.Types.KeyValue { Key = "topology.environment", SerializedValue = ByteString.CopyFrom(JavaSerialized.EmptyHashMap()), Type = ConfigValueType.JavaSerializedValue },
                },
            },
        };
        foreach (var component in demo.Components)
        {
            var comp = new Component
            {
                Name = component.Name,
                ClassName = $"org.apache.heron.examples.{char.ToUpperInvariant(component.Name[0])}{component.Name[1..]}{(component.IsSpout ? "Spout" : "Bolt")}",
                Spec = ComponentObjectSpec.JavaClassName,
                Config = new Config { Kvs = { Text("topology.component.parallelism", component.Parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture)) } },
            };
            var output = new OutputStream
            {
                Stream = new StreamId { Id = "default", ComponentName = component.Name },
                Schema = new StreamSchema { Keys = { new StreamSchema.Types.KeyType { Key = "word", Type = Tracker.Heron.Proto.Type.Object } } },
            };
            if (component.IsSpout)
            {
                comp.Config.Kvs.Add(Text("spout.type", "sandbox"));
                topology.Spouts.Add(new Spout { Comp = comp, Outputs = { output } });
                continue;
            }

            var bolt = new Bolt { Comp = comp, Outputs = { output } };
            foreach (var input in component.Inputs)
            {
                bolt.Inputs.Add(new InputStream
                {
                    Stream = new StreamId { Id = "default", ComponentName = input },
                    Gtype = Grouping.Shuffle,
                });
            }

            topology.Bolts.Add(bolt);
        }

        return topology;
    }

    private static PackingPlan BuildPackingPlan(DemoTopology demo)
    {
        var plan = new PackingPlan { Id = demo.Id };
        for (var container = 1; container <= demo.Containers; container++)
        {
            var instances = demo.InstancesIn(container).ToList();
            var containerPlan = new ContainerPlan
            {
                Id = container,
                RequiredResource = new Resource { Cpu = instances.Count + 1, Ram = (instances.Count + 1) * GiB, Disk = (instances.Count + 2) * GiB },
                ScheduledResource = new Resource { Cpu = instances.Count + 2, Ram = (instances.Count + 2) * GiB, Disk = (instances.Count + 4) * GiB },
            };
            foreach (var instance in instances)
            {
                containerPlan.InstancePlans.Add(new InstancePlan
                {
                    ComponentName = instance.Component,
                    TaskId = instance.TaskId,
                    ComponentIndex = instance.ComponentIndex,
                    Resource = new Resource { Cpu = 1, Ram = GiB, Disk = GiB },
                });
            }

            plan.ContainerPlans.Add(containerPlan);
        }

        return plan;
    }

    private static Config.Types.KeyValue Text(string key, string value) => new() { Key = key, Value = value, Type = ConfigValueType.StringValue };
}
