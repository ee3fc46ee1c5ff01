using System.Globalization;
using Tracker.Heron.Proto;

namespace Tracker.Sandbox.Heron;

/// <summary>
/// The exception logs a TManager collected from its instances' metrics managers, and the two
/// views the stats port gives of them: the raw logs and the summary by class name.
/// </summary>
public static class TManagerExceptions
{
    /// <summary>A few deterministic logs per instance, dated relative to <paramref name="now"/> as Java's <c>Date.toString()</c> prints them.</summary>
    public static IReadOnlyList<TmanagerExceptionLog> For(DemoTopology topology, DateTimeOffset now)
    {
        var logs = new List<TmanagerExceptionLog>();
        foreach (var instance in topology.Instances)
        {
            var spout = topology.Components.First(c => c.Name == instance.Component).IsSpout;
            var first = now.AddMinutes(-30 - instance.TaskId);
            if (spout)
            {
                logs.Add(Log(instance, $"java.lang.IllegalStateException: pending queue full in {instance.Component}\n\tat org.apache.heron.examples.TestWordSpout.nextTuple(TestWordSpout.java:58)", first, now.AddMinutes(-2), 2 + instance.TaskId % 3, "spout backlog"));
                continue;
            }

            logs.Add(Log(instance, $"java.lang.RuntimeException: boom in {instance.Component}\n\tat org.apache.heron.examples.{instance.Component}.execute(Bolt.java:10)", first, now.AddMinutes(-1), 3, "oops"));
            logs.Add(Log(instance, "java.io.IOException: connection reset by peer\n\tat java.base/sun.nio.ch.SocketDispatcher.read0(Native Method)", first.AddMinutes(5), now.AddMinutes(-4), 1, null));
        }

        return logs;
    }

    /// <summary>The TManager's summary: grouped by the text before the first <c>:</c>, counts summed, first log's firsttime, last log's lasttime; logs without <c>:</c> dropped.</summary>
    public static IReadOnlyList<TmanagerExceptionLog> Summarize(IEnumerable<TmanagerExceptionLog> logs)
    {
        var summary = new SortedDictionary<string, TmanagerExceptionLog>(StringComparer.Ordinal);
        foreach (var log in logs)
        {
            var colon = log.Stacktrace.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            var className = log.Stacktrace[..colon];
            if (summary.TryGetValue(className, out var merged))
            {
                merged.Count += log.Count;
                merged.Lasttime = log.Lasttime;
            }
            else
            {
                merged = log.Clone();
                merged.Stacktrace = className;
                summary[className] = merged;
            }
        }

        return summary.Values.ToList();
    }

    /// <summary>Java's <c>java.util.Date.toString()</c> in UTC, e.g. <c>Wed Mar 01 09:11:03 UTC 2023</c>.</summary>
    public static string JavaDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);

    private static TmanagerExceptionLog Log(DemoInstance instance, string stacktrace, DateTimeOffset first, DateTimeOffset last, int count, string? logging)
    {
        var log = new TmanagerExceptionLog
        {
            ComponentName = instance.Component,
            Hostname = "127.0.0.1",
            InstanceId = instance.Id,
            Stacktrace = stacktrace,
            Firsttime = JavaDate(first),
            Lasttime = JavaDate(last),
            Count = count,
        };
        if (logging is not null)
        {
            log.Logging = logging;
        }

        return log;
    }
}
