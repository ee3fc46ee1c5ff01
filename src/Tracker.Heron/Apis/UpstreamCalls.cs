using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Tracker.Heron.Metrics;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Apis;

/// <summary>
/// What the TManager- and heron-shell-backed endpoints share: checking a component or instance
/// against the physical plan before anything is sent upstream. Upstream failures are not caught here:
/// <see cref="UpstreamErrors"/> answers them for every route.
/// </summary>
internal static class UpstreamCalls
{
    /// <summary>
    /// The required <c>component</c>: a spout or bolt of the physical plan, or the stream managers'
    /// <c>__stmgr__</c> when <paramref name="allowStreamManagers"/>. Without a physical plan nothing can be checked.
    /// </summary>
    public static bool TryComponent(
        HttpContext context, TopologySnapshot topology, bool allowStreamManagers, [NotNullWhen(true)] out string? component, [NotNullWhen(false)] out IResult? error)
    {
        if (!HeronRequest.TryRequired(context, "component", out component, out error))
        {
            return false;
        }

        if (topology.States.PhysicalPlan is not { } plan
            || (allowStreamManagers && component == StreamManagerComponent)
            || plan.AllowsComponent(component))
        {
            return true;
        }

        error = HeronResponses.BadParameter("component", $"topology {topology.Name} has no component '{component}'");
        return false;
    }

    /// <summary>Every <c>instance</c> given (repeatable); each must be an instance of <paramref name="component"/> (or a stream manager of <c>__stmgr__</c>).</summary>
    public static bool TryInstances(
        HttpContext context, TopologySnapshot topology, string component, out IReadOnlyList<string> instances, [NotNullWhen(false)] out IResult? error)
    {
        instances = HeronRequest.Repeated(context, "instance");
        error = null;
        if (!topology.HasPhysicalPlan)
        {
            return true;
        }

        var (streamManagers, known) = (topology.StreamManagers, topology.Instances);
        foreach (var instance in instances)
        {
            var found = component == StreamManagerComponent
                ? streamManagers.ContainsKey(instance)
                : known.TryGetValue(instance, out var match) && match.Info?.ComponentName == component;
            if (!found)
            {
                error = HeronResponses.BadParameter("instance", $"'{instance}' is not an instance of component '{component}'");
                return false;
            }
        }

        return true;
    }

    /// <summary>The component under which stream managers report their own metrics (back pressure).</summary>
    public const string StreamManagerComponent = "__stmgr__";
}
