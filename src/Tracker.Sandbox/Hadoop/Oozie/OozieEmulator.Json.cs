using System.Globalization;
using System.Text.Json;

namespace Tracker.Sandbox.Hadoop.Oozie;

// The JSON shapes of Oozie's job beans (workflow, action, coordinator, bundle), as its servlets write them.
internal sealed partial class OozieEmulator
{
    /// <summary>The fields of Oozie's <c>WorkflowJobBean.toJSONObject</c>, in the v1 or v2 flavour.</summary>
    private static void WriteJob(Utf8JsonWriter w, WorkflowJobModel job, int version, DateTimeOffset now, bool withActions)
    {
        var status = job.Status(now);
        DateTimeOffset? start;
        DateTimeOffset? end;
        DateTimeOffset lastMod;
        lock (job.Gate)
        {
            start = job.StartTime is { } s && s <= now ? s : null;
            end = job.EndTime is { } e && e <= now && job.Outcome is not null ? e : null;
            lastMod = job.LastModTime <= now ? job.LastModTime : start ?? job.CreatedTime;
        }

        w.WriteString("appPath", job.AppPath);
        w.WriteNull("acl");
        w.WriteString("status", status);
        w.WriteString("createdTime", Rfc822(job.CreatedTime));
        w.WriteString("conf", job.Conf);
        w.WriteString("lastModTime", Rfc822(lastMod));
        w.WriteNumber("run", 0);
        WriteTime(w, "endTime", end);
        w.WriteNull("externalId");
        w.WriteString("appName", job.AppName);
        w.WriteString("id", job.Id);
        WriteTime(w, "startTime", start);
        w.WriteString("parentId", job.ParentId);
        w.WriteString("toString", $"Workflow id[{job.Id}] status[{status}]");
        w.WriteString("group", job.Group);
        w.WriteString("consoleUrl", $"http://sandbox-oozie.example.com:11000/oozie?job={job.Id}");
        w.WriteString("user", job.User);
        w.WriteStartArray("actions");
        if (withActions)
        {
            foreach (var action in job.Actions(now))
            {
                WriteAction(w, job, action, version, now);
            }
        }

        w.WriteEndArray();
    }

    /// <summary>The fields of Oozie's <c>CoordinatorJobBean.toJSONObject</c>, with the given page of actions.</summary>
    private static void WriteCoordinator(Utf8JsonWriter w, CoordinatorJobModel c, DateTimeOffset now, IEnumerable<CoordinatorActionModel> actions, int total)
    {
        var status = c.Status(now);
        var next = c.NextMaterializedTime(now);
        w.WriteString("coordJobPath", c.AppPath);
        w.WriteString("coordJobName", c.AppName);
        w.WriteString("coordJobId", c.Id);
        w.WriteNull("coordExternalId");
        w.WriteString("bundleId", c.BundleId);
        w.WriteString("conf", c.Conf);
        w.WriteString("status", status);
        w.WriteString("executionPolicy", "FIFO");
        w.WriteString("frequency", ((int)c.Frequency.TotalMinutes).ToString(CultureInfo.InvariantCulture));
        w.WriteString("timeUnit", "MINUTE");
        w.WriteString("timeZone", "UTC");
        w.WriteNumber("concurrency", 1);
        w.WriteNumber("timeOut", 120);
        w.WriteString("lastAction", Rfc822(next));
        w.WriteString("nextMaterializedTime", Rfc822(next));
        w.WriteString("startTime", Rfc822(c.StartTime));
        w.WriteString("endTime", Rfc822(c.EndTime));
        w.WriteNull("pauseTime");
        w.WriteString("user", c.User);
        w.WriteString("group", c.Group);
        w.WriteString("acl", c.Group);
        w.WriteString("consoleUrl", $"http://sandbox-oozie.example.com:11000/oozie?job={c.Id}");
        w.WriteNumber("mat_throttling", 12);
        w.WriteStartArray("actions");
        foreach (var a in actions)
        {
            var actionStatus = a.Status(now);
            w.WriteStartObject();
            w.WriteString("id", a.Id);
            w.WriteString("coordJobId", a.CoordinatorId);
            w.WriteNull("type");
            w.WriteNumber("actionNumber", a.Number);
            w.WriteString("createdConf", c.Conf);
            w.WriteString("createdTime", Rfc822(a.NominalTime));
            w.WriteString("nominalTime", Rfc822(a.NominalTime));
            w.WriteString("externalId", a.Workflow.Id);
            w.WriteString("status", actionStatus);
            w.WriteString("runConf", a.Workflow.Conf);
            w.WriteString("lastModifiedTime", Rfc822(a.Workflow.EndTime is { } end && end <= now ? end : a.NominalTime));
            w.WriteString("missingDependencies", "");
            w.WriteNull("pushMissingDependencies");
            w.WriteNull("externalStatus");
            w.WriteNull("trackerUri");
            w.WriteNull("consoleUrl");
            w.WriteNull("errorCode");
            w.WriteNull("errorMessage");
            w.WriteString("toString", $"CoordinatorAction name[{a.Id}] status[{actionStatus}]");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("toString", $"Coordinator application id[{c.Id}] status[{status}]");
        w.WriteNumber("total", total);
    }

    /// <summary>The fields of Oozie's <c>BundleJobBean.toJSONObject</c>; its coordinators come without actions, as in Oozie.</summary>
    private static void WriteBundle(Utf8JsonWriter w, BundleJobModel b, DateTimeOffset now, bool withCoordinators = true)
    {
        var status = b.Status(now);
        w.WriteString("bundleJobPath", b.AppPath);
        w.WriteString("bundleJobName", b.AppName);
        w.WriteString("bundleJobId", b.Id);
        w.WriteNull("bundleExternalId");
        w.WriteString("conf", b.Conf);
        w.WriteString("status", status);
        w.WriteString("timeUnit", "NONE");
        w.WriteNumber("timeOut", 0);
        w.WriteString("kickoffTime", Rfc822(b.KickoffTime));
        w.WriteString("startTime", Rfc822(b.KickoffTime));
        w.WriteString("endTime", Rfc822(b.EndTime));
        w.WriteNull("pauseTime");
        w.WriteString("createdTime", Rfc822(b.CreatedTime));
        w.WriteString("user", b.User);
        w.WriteString("group", b.Group);
        w.WriteString("acl", b.Group);
        w.WriteString("consoleUrl", $"http://sandbox-oozie.example.com:11000/oozie?job={b.Id}");
        w.WriteStartArray("bundleCoordJobs");
        foreach (var coordinator in withCoordinators ? b.Coordinators : [])
        {
            w.WriteStartObject();
            WriteCoordinator(w, coordinator, now, [], 0);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("toString", $"Bundle id[{b.Id}] status[{status}]");
    }

    private static void WriteAction(Utf8JsonWriter w, WorkflowJobModel job, WorkflowActionModel a, int version, DateTimeOffset now)
    {
        string? externalId;
        string? childIds;
        string? consoleUrl;
        lock (job.Gate)
        {
            var children = a.Children.Where(c => c.StartedTime <= now).Select(c => OozieServer.ExternalId(job, c)).ToArray();
            externalId = a.IsControlNode ? "-" : a.Launcher is { } launcher ? OozieServer.ExternalId(job, launcher) : null;
            childIds = children.Length == 0 ? null : string.Join(',', children);

            // v1 reports a map-reduce action's spawned job as its externalId (the docs' "v1 vs v2" note).
            if (version == 1 && a.Type == "map-reduce" && children.Length > 0)
            {
                externalId = children[0];
                childIds = null;
            }

            consoleUrl = a.IsControlNode || a.Launcher is null
                ? "-"
                : $"http://sandbox-rm.example.com:8088/proxy/{(version == 1 && a.Type == "map-reduce" && a.Children.Count > 0 ? a.Children[0].Id : a.Launcher.Id)}/";
        }

        var ended = a.IsEnded(now);
        w.WriteStartObject();
        w.WriteString("errorMessage", ended ? a.ErrorMessage : null);
        w.WriteString("status", a.Status(now));
        w.WriteString("stats", (string?)null);
        w.WriteString("data", (string?)null);
        w.WriteString("transition", ended ? a.Transition : null);
        w.WriteString("externalStatus", a.ExternalStatus(now));
        w.WriteString("cred", "null");
        w.WriteString("conf", a.Conf);
        w.WriteString("type", a.Type);
        w.WriteString("endTime", ended ? Rfc822(a.EndTime!.Value) : null);
        w.WriteString("externalId", externalId);
        w.WriteString("id", a.Id);
        w.WriteString("startTime", Rfc822(a.StartTime));
        w.WriteNumber("userRetryCount", 0);
        w.WriteString("externalChildIDs", childIds);
        w.WriteString("name", a.Name);
        w.WriteString("errorCode", ended ? a.ErrorCode : null);
        // Oozie records the tracker when the launcher is submitted; an action refused before that has none.
        w.WriteString("trackerUri", a.IsControlNode ? "-" : a.Launcher is null ? null : SandboxDefaults.ResourceManagerAddress);
        w.WriteNumber("retries", 0);
        w.WriteNumber("userRetryInterval", 10);
        w.WriteString("toString", $"Action name[{a.Name}] status[{a.Status(now)}]");
        w.WriteString("consoleUrl", consoleUrl);
        w.WriteNumber("userRetryMax", 0);
        w.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            w.WriteString(name, Rfc822(t));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>Oozie's time format, e.g. <c>Thu, 01 Jan 2009 00:00:00 GMT</c>.</summary>
    public static string Rfc822(DateTimeOffset time) => time.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);
}
