using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tracker.Heron.Metrics;
using Tracker.Heron.Proto;
using Tracker.Heron.Shell;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.Apis;

/// <summary>
/// <c>/topologies/pid</c>, <c>/jstack</c>, <c>/jmap</c>, <c>/histo</c>: asked of the heron-shell
/// of the instance's stream manager. The last three first read the pid, then run the tool on it.
/// Both styles answer the shell's <c>{command, stdout, stderr}</c> as a JSON object (the Tornado
/// tracker put it in <c>result</c> as a string of JSON, which only Python 2 clients could read).
/// </summary>
public static class InstanceToolsApi
{
    public static IEndpointRouteBuilder MapHeronInstanceToolsApi(this IEndpointRouteBuilder group)
    {
        group.MapGet("/topologies/pid", (HttpContext c, TopologyRegistry r, HeronShellClient s, CancellationToken ct) => Run(c, r, s, null, ct))
            .WithSummary("The pid of an instance's JVM");
        group.MapGet("/topologies/jstack", (HttpContext c, TopologyRegistry r, HeronShellClient s, CancellationToken ct) => Run(c, r, s, "jstack", ct))
            .WithSummary("A thread dump of an instance's JVM");
        group.MapGet("/topologies/jmap", (HttpContext c, TopologyRegistry r, HeronShellClient s, CancellationToken ct) => Run(c, r, s, "jmap", ct))
            .WithSummary("A heap dump of an instance's JVM, written on its container's host");
        group.MapGet("/topologies/histo", (HttpContext c, TopologyRegistry r, HeronShellClient s, CancellationToken ct) => Run(c, r, s, "histo", ct))
            .WithSummary("A class histogram of an instance's JVM heap");
        return group;
    }

    private static async Task<IResult> Run(HttpContext context, TopologyRegistry registry, HeronShellClient shell, string? tool, CancellationToken cancellationToken)
    {
        if (!HeronRequest.TryFindTopology(context, registry, out var topology, out var error)
            || !TryInstance(context, topology, out var instance, out var streamManager, out error))
        {
            return error;
        }

        var pid = await shell.GetPidAsync(streamManager, instance, cancellationToken);
        if (tool is null)
        {
            return Output(pid);
        }

        if (!long.TryParse(pid.Stdout.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new UpstreamException(UpstreamFailure.Unreachable, $"The heron-shell of {streamManager.Id} gave no pid for {instance}: '{pid.Stdout.Trim()}'.");
        }

        return Output(await shell.RunJvmToolAsync(streamManager, tool, number, cancellationToken));
    }

    private static IResult Output(ShellCommandOutput output) => HeronResponses.Json(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("command", output.Command);
        writer.WriteString("stdout", output.Stdout);
        if (output.Stderr is null)
        {
            writer.WriteNull("stderr");
        }
        else
        {
            writer.WriteString("stderr", output.Stderr);
        }

        writer.WriteEndObject();
    });

    private static bool TryInstance(
        HttpContext context,
        TopologySnapshot topology,
        [NotNullWhen(true)] out string? instance,
        [NotNullWhen(true)] out StMgr? streamManager,
        [NotNullWhen(false)] out IResult? error)
    {
        streamManager = null;
        if (!HeronRequest.TryRequired(context, "instance", out instance, out error))
        {
            return false;
        }

        if (!topology.Instances.TryGetValue(instance, out var known))
        {
            error = HeronResponses.BadParameter("instance", $"topology {topology.Name} has no instance '{instance}'");
            return false;
        }

        if (!topology.StreamManagers.TryGetValue(known.StmgrId, out streamManager))
        {
            error = HeronResponses.Failure(503, $"The stream manager {known.StmgrId} of instance {instance} is not in the physical plan.");
            return false;
        }

        return true;
    }
}
