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
            filter = ParseFilter(query["filter"].ToString());
        }
        catch (OozieRequestException e)
        {
            await ErrorAsync(context, e);
            return;
        }

        var offset = int.TryParse(query["offset"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) && o >= 1 ? o : 1;
        var len = int.TryParse(query["len"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && l >= 1 ? l : 50;
        var now = server.Now;
        var isWorkflow = jobType is "" or "wf" or "workflow";
        var matching = isWorkflow
            ? server.All().Where(j => Matches(j, filter, now)).OrderByDescending(j => j.CreatedTime).ThenByDescending(j => j.Id, StringComparer.Ordinal).ToArray()
            : [];
        var listKey = jobType switch
        {
            "coord" or "coordinator" => "coordinatorjobs",
            "bundle" => "bundlejobs",
            _ => "workflows",
        };
        await JsonAsync(context, 200, w =>
        {
            w.WriteNumber("total", matching.Length);
            w.WriteStartArray(listKey);
            foreach (var job in matching.Skip(offset - 1).Take(len))
            {
                w.WriteStartObject();
                WriteJob(w, job, version, now, withActions: false);
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

    private static Dictionary<string, List<string>> ParseFilter(string filter)
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
            if (name == "status" && value.ToUpperInvariant() is not ("PREP" or "RUNNING" or "SUSPENDED" or "SUCCEEDED" or "KILLED" or "FAILED"))
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

    private static bool Matches(WorkflowJobModel job, Dictionary<string, List<string>> filter, DateTimeOffset now)
    {
        foreach (var (name, values) in filter)
        {
            var ok = name switch
            {
                "user" => values.Contains(job.User),
                "name" => values.Contains(job.AppName),
                "group" => values.Contains(job.Group),
                "status" => values.Contains(job.Status(now), StringComparer.OrdinalIgnoreCase),
                "id" => values.Contains(job.Id),
                "text" => values.Any(v => job.AppName.Contains(v, StringComparison.OrdinalIgnoreCase) || job.User.Contains(v, StringComparison.OrdinalIgnoreCase)),
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
        w.WriteNull("parentId");
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
        w.WriteString("trackerUri", a.IsControlNode ? "-" : "sandbox-rm.example.com:8032");
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

    private static async Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=UTF-8";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }

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
