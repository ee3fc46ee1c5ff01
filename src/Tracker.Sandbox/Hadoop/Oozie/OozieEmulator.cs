using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tracker.Sandbox.Hadoop.Knox;

namespace Tracker.Sandbox.Hadoop.Oozie;

/// <summary>
/// Oozie's web-services API as Knox exposes it under <c>{gateway}/oozie</c>: versions, job info (v1 and v2
/// shapes), status, log and definition, jobs listing, submission and the start/kill actions. Errors are
/// Oozie's: a status with <c>oozie-error-code</c>/<c>oozie-error-message</c> headers and an HTML body.
/// </summary>
internal sealed class OozieEmulator(OozieServer server)
{
    public void Map(IEndpointRouteBuilder gateway)
    {
        var oozie = gateway.MapGroup("/oozie");
        oozie.MapGet("/versions", () => Results.Json(new[] { 0, 1, 2 }));
        oozie.MapGet("/v{version:int}/job/{id}", JobAsync);
        oozie.MapPut("/v{version:int}/job/{id}", ManageAsync);
        oozie.MapGet("/v{version:int}/jobs", ListAsync);
        oozie.MapPost("/v{version:int}/jobs", SubmitAsync);
        oozie.MapGet("/v{version:int}/admin/build-version", () => Results.Json(new { buildVersion = "4.3.1" }));
    }

    private async Task JobAsync(HttpContext context, int version, string id)
    {
        var show = context.Request.Query["show"].ToString();
        if (version is < 1 or > 2)
        {
            await ErrorAsync(context, new OozieRequestException(HttpStatusCode.NotFound, "E0301", $"E0301: Invalid resource [v{version}]"));
            return;
        }

        if (server.FindCoordinator(id) is { } coordinator)
        {
            await CoordinatorAsync(context, coordinator, version, show);
            return;
        }

        if (server.FindBundle(id) is { } bundle)
        {
            await BundleAsync(context, bundle, show);
            return;
        }

        var job = server.Find(id);
        if (job is null)
        {
            await ErrorAsync(context, new OozieRequestException(HttpStatusCode.BadRequest, "E0604", $"E0604: Job does not exist [{id}]"));
            return;
        }

        var now = server.Now;
        switch (show)
        {
            case "info" or "":
                await JsonAsync(context, 200, w => WriteJob(w, job, version, now, withActions: true));
                return;
            case "status":
                await JsonAsync(context, 200, w => w.WriteString("status", job.Status(now)));
                return;
            case "log":
                context.Response.ContentType = "text/plain;charset=UTF-8";
                await context.Response.WriteAsync(server.JobLog(job), context.RequestAborted);
                return;
            case "definition":
                context.Response.ContentType = "application/xml;charset=UTF-8";
                await context.Response.WriteAsync(job.Definition, context.RequestAborted);
                return;
            default:
                await ErrorAsync(context, new OozieRequestException(HttpStatusCode.BadRequest, "E0303", $"E0303: Invalid parameter value, [show] = [{show}]"));
                return;
        }
    }

    /// <summary>
    /// A coordinator's info, status or definition. Its actions page as Oozie's servlet pages them: 1-based
    /// <c>offset</c>, and a <c>len</c> that defaults to 0 on v2 (no actions at all) and 1000 on v1; <c>order=desc</c>
    /// gives the latest first.
    /// </summary>
    private async Task CoordinatorAsync(HttpContext context, CoordinatorJobModel coordinator, int version, string show)
    {
        var now = server.Now;
        var query = context.Request.Query;
        switch (show)
        {
            case "info" or "":
                var offset = int.TryParse(query["offset"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) && o >= 1 ? o : 1;
                var len = int.TryParse(query["len"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? Math.Max(l, 0) : version == 1 ? 1000 : 0;
                var all = coordinator.Actions(now);
                var ordered = query["order"] == "desc" ? all.Reverse() : all;
                await JsonAsync(context, 200, w => WriteCoordinator(w, coordinator, now, ordered.Skip(offset - 1).Take(len), all.Count));
                return;
            case "status":
                await JsonAsync(context, 200, w => w.WriteString("status", coordinator.Status(now)));
                return;
            case "definition":
                context.Response.ContentType = "application/xml;charset=UTF-8";
                XNamespace ns = "uri:oozie:coordinator:0.4";
                await context.Response.WriteAsync(new XElement(ns + "coordinator-app",
                    new XAttribute("name", coordinator.AppName),
                    new XAttribute("frequency", $"${{coord:minutes({(int)coordinator.Frequency.TotalMinutes})}}"),
                    new XAttribute("start", coordinator.StartTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture)),
                    new XAttribute("end", coordinator.EndTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture)),
                    new XAttribute("timezone", "UTC"),
                    new XElement(ns + "action", new XElement(ns + "workflow", new XElement(ns + "app-path", "${wfAppPath}")))).ToString(), context.RequestAborted);
                return;
            default:
                await ErrorAsync(context, new OozieRequestException(HttpStatusCode.BadRequest, "E0303", $"E0303: Invalid parameter value, [show] = [{show}]"));
                return;
        }
    }

    private async Task BundleAsync(HttpContext context, BundleJobModel bundle, string show)
    {
        var now = server.Now;
        switch (show)
        {
            case "info" or "":
                await JsonAsync(context, 200, w => WriteBundle(w, bundle, now));
                return;
            case "status":
                await JsonAsync(context, 200, w => w.WriteString("status", bundle.Status(now)));
                return;
            default:
                await ErrorAsync(context, new OozieRequestException(HttpStatusCode.BadRequest, "E0303", $"E0303: Invalid parameter value, [show] = [{show}]"));
                return;
        }
    }

    private async Task ManageAsync(HttpContext context, int version, string id)
    {
        var job = server.Find(id);
        if (job is null)
        {
            await ErrorAsync(context, new OozieRequestException(HttpStatusCode.BadRequest, "E0604", $"E0604: Job does not exist [{id}]"));
            return;
        }

        var user = KnoxGatewayEmulator.User(context);
        if (job.User != user)
        {
            await ErrorAsync(context, new OozieRequestException(HttpStatusCode.Unauthorized, "E0508",
                $"E0508: User [{user}] not authorized for WF job [{id}]"));
            return;
        }

        switch (context.Request.Query["action"].ToString())
        {
            case "kill":
                server.Kill(job);
                context.Response.StatusCode = 200;
                return;
            case "start":
                if (!server.StartPrep(job))
                {
                    await ErrorAsync(context, new OozieRequestException(HttpStatusCode.Conflict, "E0411",
                        $"E0411: Workflow Job [{id}] is in status [{job.Status(server.Now)}], cannot be started"));
                    return;
                }

                context.Response.StatusCode = 200;
                return;
            default:
                await ErrorAsync(context, new OozieRequestException(HttpStatusCode.BadRequest, "E0303",
                    $"E0303: Invalid parameter value, [action] = [{context.Request.Query["action"]}]"));
                return;
        }
    }

    private async Task ListAsync(HttpContext context, int version)
    {
        var query = context.Request.Query;
        var jobType = query["jobtype"].ToString();
        if (jobType is not ("" or "wf" or "workflow" or "coord" or "coordinator" or "bundle"))
        {
            await ErrorAsync(context, new OozieRequestException(HttpStatusCode.BadRequest, "E0303", $"E0303: Invalid parameter value, [jobtype] = [{jobType}]"));
            return;
        }

        Dictionary<string, List<string>> filter;
        try
        {
            filter = ParseFilter(query["filter"].ToString(), workflows: jobType is "" or "wf" or "workflow");
        }
        catch (OozieRequestException e)
        {
            await ErrorAsync(context, e);
            return;
        }

        var offset = int.TryParse(query["offset"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) && o >= 1 ? o : 1;
        var len = int.TryParse(query["len"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && l >= 1 ? l : 50;
        var now = server.Now;
        // Every kind is listed newest first, without actions (Oozie's list queries do not load them).
        IReadOnlyList<(DateTimeOffset Created, string Id, Action<Utf8JsonWriter> Write)> matching = jobType switch
        {
            "coord" or "coordinator" => server.AllCoordinators()
                .Where(c => Matches(filter, c.User, c.AppName, c.Group, c.Status(now), c.Id))
                .Select(c => (c.CreatedTime, c.Id, (Action<Utf8JsonWriter>)(w => WriteCoordinator(w, c, now, [], 0)))).ToArray(),
            "bundle" => server.AllBundles()
                .Where(b => Matches(filter, b.User, b.AppName, b.Group, b.Status(now), b.Id))
                .Select(b => (b.CreatedTime, b.Id, (Action<Utf8JsonWriter>)(w => WriteBundle(w, b, now, withCoordinators: false)))).ToArray(),
            _ => server.All()
                .Where(j => Matches(filter, j.User, j.AppName, j.Group, j.Status(now), j.Id))
                .Select(j => (j.CreatedTime, j.Id, (Action<Utf8JsonWriter>)(w => WriteJob(w, j, version, now, withActions: false)))).ToArray(),
        };
        var listKey = jobType switch
        {
            "coord" or "coordinator" => "coordinatorjobs",
            "bundle" => "bundlejobs",
            _ => "workflows",
        };
        await JsonAsync(context, 200, w =>
        {
            w.WriteNumber("total", matching.Count);
            w.WriteStartArray(listKey);
            foreach (var job in matching.OrderByDescending(j => j.Created).ThenByDescending(j => j.Id, StringComparer.Ordinal).Skip(offset - 1).Take(len))
            {
                w.WriteStartObject();
                job.Write(w);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("len", len);
            w.WriteNumber("offset", offset);
        });
    }

    private async Task SubmitAsync(HttpContext context, int version)
    {
        var action = context.Request.Query["action"].ToString();
        if (action is not ("" or "start" or "dryrun"))
        {
            await ErrorAsync(context, new OozieRequestException(HttpStatusCode.BadRequest, "E0303", $"E0303: Invalid parameter value, [action] = [{action}]"));
            return;
        }

        var contentType = context.Request.ContentType ?? "";
        if (!contentType.StartsWith("application/xml", StringComparison.OrdinalIgnoreCase) && !contentType.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, new OozieRequestException(HttpStatusCode.BadRequest, "E0300",
                $"E0300: Invalid content-type [{contentType}]"));
            return;
        }

        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        Dictionary<string, string> properties;
        try
        {
            properties = XDocument.Parse(body).Root?.Elements("property")
                .Select(p => (Name: p.Element("name")?.Value.Trim(), Value: p.Element("value")?.Value ?? ""))
                .Where(p => !string.IsNullOrEmpty(p.Name))
                .GroupBy(p => p.Name!)
                .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal) ?? [];
        }
        catch (System.Xml.XmlException e)
        {
            await ErrorAsync(context, new OozieRequestException(HttpStatusCode.BadRequest, "E0000", $"E0000: Invalid configuration, {e.Message}"));
            return;
        }

        // Knox rewrites user.name to the authenticated user: a caller cannot submit as someone else.
        var user = KnoxGatewayEmulator.User(context);
        properties["user.name"] = user;
        try
        {
            if (action == "dryrun")
            {
                await JsonAsync(context, 200, w => w.WriteString("id", "OK"));
                return;
            }

            var job = server.Submit(user, properties, OozieServer.Configuration(properties), start: action == "start");
            await JsonAsync(context, 201, w => w.WriteString("id", job.Id));
        }
        catch (OozieRequestException e)
        {
            await ErrorAsync(context, e);
        }
    }

    private static Dictionary<string, List<string>> ParseFilter(string filter, bool workflows)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in filter.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            var name = eq > 0 ? part[..eq].Trim().ToLowerInvariant() : "";
            if (name is not ("user" or "name" or "group" or "status" or "id" or "text" or "sortby" or "startcreatedtime" or "endcreatedtime"))
            {
                throw new OozieRequestException(HttpStatusCode.BadRequest, "E0420", $"E0420: Invalid jobs filter [{filter}], invalid filter [{part}]");
            }

            var value = part[(eq + 1)..].Trim();
            // Workflows know WorkflowJob.Status; coordinators and bundles the wider Job.Status.
            var upper = value.ToUpperInvariant();
            var known = upper is "PREP" or "RUNNING" or "SUSPENDED" or "SUCCEEDED" or "KILLED" or "FAILED"
                || (!workflows && upper is "PREMATER" or "PAUSED" or "PREPPAUSED" or "PREPSUSPENDED" or "RUNNINGWITHERROR"
                    or "SUSPENDEDWITHERROR" or "PAUSEDWITHERROR" or "DONEWITHERROR" or "IGNORED");
            if (name == "status" && !known)
            {
                throw new OozieRequestException(HttpStatusCode.BadRequest, "E0420", $"E0420: Invalid jobs filter [{filter}], invalid status value [{value}]");
            }

            if (!result.TryGetValue(name, out var values))
            {
                result[name] = values = [];
            }

            values.Add(value);
        }

        return result;
    }

    private static bool Matches(Dictionary<string, List<string>> filter, string user, string appName, string group, string status, string id)
    {
        foreach (var (name, values) in filter)
        {
            var ok = name switch
            {
                "user" => values.Contains(user),
                "name" => values.Contains(appName),
                "group" => values.Contains(group),
                "status" => values.Contains(status, StringComparer.OrdinalIgnoreCase),
                "id" => values.Contains(id),
                "text" => values.Any(v => appName.Contains(v, StringComparison.OrdinalIgnoreCase) || user.Contains(v, StringComparison.OrdinalIgnoreCase)),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

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

    private static Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
        => JsonAnswer.WriteAsync(context, status, "application/json;charset=UTF-8", write);

    private static async Task ErrorAsync(HttpContext context, OozieRequestException error)
    {
        var status = (int)error.Status;
        context.Response.StatusCode = status;
        context.Response.Headers["oozie-error-code"] = error.ErrorCode;
        context.Response.Headers["oozie-error-message"] = error.Message;
        context.Response.ContentType = "text/html;charset=ISO-8859-1";
        var message = WebUtility.HtmlEncode(error.Message);
        await context.Response.WriteAsync(
            $"<html><head><title>Error {status} {message}</title></head><body><h2>HTTP ERROR {status}</h2><p>Problem accessing {WebUtility.HtmlEncode(context.Request.Path)}. Reason:<pre>    {message}</pre></p></body></html>",
            context.RequestAborted);
    }
}
