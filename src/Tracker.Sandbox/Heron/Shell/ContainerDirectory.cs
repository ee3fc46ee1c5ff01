using System.Text;

namespace Tracker.Sandbox.Heron;

/// <summary>
/// Lays out a container's sandbox directory as Heron's executor leaves it: a pid file per
/// instance in the working directory and the processes' logs under <c>log-files/</c>.
/// Contents are deterministic, so tests can compare the shell's answers with the files.
/// </summary>
public static class ContainerDirectory
{
    public const string LogFiles = "log-files";

    /// <summary>The pid the sandbox gives an instance's JVM: stable per task, never a real process.</summary>
    public static int PidOf(DemoInstance instance) => 40_000 + instance.TaskId;

    /// <summary>The relative path of an instance's current log file, as the physical plan's <c>logfile</c> links it.</summary>
    public static string LogFileOf(string instanceId) => $"{LogFiles}/{instanceId}.log.0";

    public static void Populate(DemoTopology topology, int container, string directory)
    {
        var logs = Directory.CreateDirectory(Path.Combine(directory, LogFiles)).FullName;
        var streamManager = DemoTopology.StreamManagerId(container);
        foreach (var instance in topology.InstancesIn(container))
        {
            File.WriteAllText(Path.Combine(directory, $"{instance.Id}.pid"), $"{PidOf(instance)}\n");
            File.WriteAllText(Path.Combine(logs, $"{instance.Id}.log.0"), InstanceLog(topology, instance, generation: 0));
            File.WriteAllText(Path.Combine(logs, $"{instance.Id}.log.1"), InstanceLog(topology, instance, generation: 1));
        }

        File.WriteAllText(Path.Combine(logs, $"{streamManager}.log.0"), StreamManagerLog(topology, container));
        File.WriteAllText(
            Path.Combine(directory, $"heron-executor-{container}.stdout"),
            $"Starting heron-executor for {topology.Name} container {container}\n");
    }

    private static string InstanceLog(DemoTopology topology, DemoInstance instance, int generation)
    {
        var text = new StringBuilder();
        for (var line = 0; line < 120; line++)
        {
            var second = line % 60;
            text.Append($"[2026-01-01 {10 - generation:00}:{line / 60:00}:{second:00} +0000] [INFO] ")
                .Append($"{topology.Name}/{instance.Component}#{instance.TaskId}: ");
            // A few lines carry markup characters: the shell must XML-escape them in /filedata.
            text.Append(line % 10 == 0 ? $"emitted <tuple id=\"{line}\"> & acked\n" : $"processed batch {line}\n");
        }

        return text.ToString();
    }

    private static string StreamManagerLog(DemoTopology topology, int container)
    {
        var text = new StringBuilder();
        foreach (var instance in topology.InstancesIn(container))
        {
            text.Append($"[INFO] Registered instance {instance.Id} (task {instance.TaskId}) with {DemoTopology.StreamManagerId(container)}\n");
        }

        return text.ToString();
    }
}
