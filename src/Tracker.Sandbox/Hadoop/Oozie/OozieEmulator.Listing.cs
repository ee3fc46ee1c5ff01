using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tracker.Sandbox.Hadoop.Oozie;

// GET /v{n}/jobs: the listing of workflows, coordinators or bundles, and Oozie's filter syntax for it.
internal sealed partial class OozieEmulator
{
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
}
