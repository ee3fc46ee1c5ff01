using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Tracker.Hadoop;
using Tracker.Jobs.Watches;

namespace Tracker.Jobs.Apis;

/// <summary>The watch routes: the caller's rules that track every new matching job. Other users' watches are 404.</summary>
internal static class WatchHandlers
{
    public static async Task<Results<ApiAnswer, ApiError>> CreateAsync([AsParameters] JobsApiServices api, [FromServices] WatchService watches)
    {
        if (api.Http.Request.ContentLength > JobIdRequest.MaxBodyBytes
            || await JobIdRequest.ReadBodyAsync(api.Http.Request.Body, api.Aborted) is not { } body)
        {
            return ApiResponse.Error(400, "Request body too large.");
        }

        string filter;
        string jobType;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ApiResponse.Error(400, "The body must be a JSON object {\"filter\": \"...\", \"jobtype\": \"wf\"}.");
            }

            filter = Text(root, "filter") ?? "";
            jobType = Text(root, "jobtype") ?? "wf";
            if (root.TryGetProperty("filter", out var f) && f.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)
                || root.TryGetProperty("jobtype", out var t) && t.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return ApiResponse.Error(400, "filter and jobtype must be strings.");
            }
        }
        catch (JsonException e)
        {
            return ApiResponse.Error(400, $"Malformed JSON: {e.Message}");
        }

        if (jobType is not ("wf" or "coordinator" or "bundle"))
        {
            return ApiResponse.Error(400, "jobtype must be wf, coordinator or bundle.");
        }

        if (WatchFilter.Problem(filter) is { } problem)
        {
            return ApiResponse.Error(400, problem);
        }

        try
        {
            var watch = await watches.CreateAsync(api.Caller, filter.Trim(), jobType, api.Aborted);
            return ApiResponse.Created(w => Write(w, watch));
        }
        catch (OozieException e) when (e.StatusCode == HttpStatusCode.BadRequest)
        {
            // The filter is the only input of the caller's Oozie judges on this call, as for /api/jobs.
            return ApiResponse.Error(400, e.Message);
        }
    }

    public static async Task<ApiAnswer> ListAsync([AsParameters] JobsApiServices api, [FromServices] WatchService watches)
    {
        var all = await watches.ListAsync(api.Caller, api.Aborted);
        return ApiResponse.Ok(w =>
        {
            w.WriteStartArray();
            foreach (var watch in all)
            {
                Write(w, watch);
            }

            w.WriteEndArray();
        });
    }

    public static async Task<Results<ApiAnswer, ApiError>> GetAsync(string id, [AsParameters] JobsApiServices api, [FromServices] WatchService watches)
        => await watches.GetAsync(api.Caller, id, api.Aborted) is { } watch ? ApiResponse.Ok(w => Write(w, watch)) : NotFound(id);

    public static async Task<Results<ApiAnswer, ApiError>> DeleteAsync(string id, [AsParameters] JobsApiServices api, [FromServices] WatchService watches)
        => await watches.DeleteAsync(api.Caller, id, api.Aborted)
            ? ApiResponse.Ok(w => { w.WriteStartObject(); w.WriteString("id", id); w.WriteBoolean("deleted", true); w.WriteEndObject(); })
            : NotFound(id);

    private static ApiError NotFound(string id) => ApiResponse.Error(404, $"Watch {(id.Length > 80 ? id[..80] + "…" : id)} was not found.");

    private static string? Text(JsonElement root, string name)
        => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static void Write(Utf8JsonWriter w, Watch watch)
    {
        w.WriteStartObject();
        w.WriteString("id", watch.Id);
        w.WriteString("filter", watch.Filter);
        w.WriteString("jobtype", watch.JobType);
        w.WriteString("created", watch.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        w.WriteNumber("tracked", watch.Tracked);
        w.WriteBoolean("blocked", watch.Blocked);
        if (watch.Reason is not null)
        {
            w.WriteString("reason", watch.Reason);
        }

        w.WriteEndObject();
    }
}
