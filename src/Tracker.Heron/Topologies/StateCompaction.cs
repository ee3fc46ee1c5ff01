using Tracker.Heron.Proto;

namespace Tracker.Heron.Topologies;

/// <summary>
/// Makes a freshly parsed plan hold each repeated value once. The protobuf parser allocates a new
/// string or message per field, so a plan of 100 instances carried 100 copies of its component
/// names, one <c>stmgr-N</c> per instance and 100 equal resource messages; a snapshot is never
/// mutated after parsing, so the copies can share one instance. Only fields that are present are
/// touched: assigning an absent optional field would make it present and change the message.
/// </summary>
internal static class StateCompaction
{
    public static PhysicalPlan Compact(PhysicalPlan plan)
    {
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var stmgr in plan.Stmgrs)
        {
            if (stmgr.HasHostName)
            {
                stmgr.HostName = Share(strings, stmgr.HostName);
            }

            if (stmgr.HasId)
            {
                stmgr.Id = Share(strings, stmgr.Id);
            }
        }

        foreach (var instance in plan.Instances)
        {
            if (instance.HasStmgrId)
            {
                instance.StmgrId = Share(strings, instance.StmgrId);
            }

            if (instance.Info is { HasComponentName: true } info)
            {
                info.ComponentName = Share(strings, info.ComponentName);
            }
        }

        return plan;
    }

    public static PackingPlan Compact(PackingPlan plan)
    {
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        var resources = new Dictionary<Resource, Resource>();
        foreach (var container in plan.ContainerPlans)
        {
            foreach (var instance in container.InstancePlans)
            {
                if (instance.HasComponentName)
                {
                    instance.ComponentName = Share(strings, instance.ComponentName);
                }

                if (instance.Resource is { } resource)
                {
                    // Equal by value (generated Equals/GetHashCode), so sharing cannot change an answer.
                    instance.Resource = resources.TryAdd(resource, resource) ? resource : resources[resource];
                }
            }
        }

        return plan;
    }

    private static string Share(Dictionary<string, string> strings, string value)
    {
        if (strings.TryGetValue(value, out var shared))
        {
            return shared;
        }

        strings[value] = value;
        return value;
    }
}
