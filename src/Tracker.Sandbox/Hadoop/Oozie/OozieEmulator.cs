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
/// This part maps the routes and answers one job; the jobs listing and the JSON shapes of Oozie's beans
/// are the other parts.
/// </summary>
internal sealed partial class OozieEmulator(OozieServer server)
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
