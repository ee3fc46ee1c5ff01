using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Apis;

/// <summary>
/// Pins: <c>POST /api/job/{id}/keep</c> and <c>DELETE /api/job/{id}/keep</c> answer <c>{"id", "kept"}</c>. Only the
/// caller's own tracked job can be pinned (anyone else's is a 404, as if unknown); a job retention is deleting is a 404 too.
/// </summary>
internal static class KeepHandlers
{
    public static Task<Results<ApiAnswer, ApiError>> KeepAsync([AsParameters] JobsApiServices api, [FromServices] IRetentionStore store, string id)
        => SetAsync(api, store, id, pinned: true);

    public static Task<Results<ApiAnswer, ApiError>> UnkeepAsync([AsParameters] JobsApiServices api, [FromServices] IRetentionStore store, string id)
        => SetAsync(api, store, id, pinned: false);

    private static async Task<Results<ApiAnswer, ApiError>> SetAsync(JobsApiServices api, IRetentionStore store, string id, bool pinned)
    {
        if (!OozieJobId.IsValid(id))
        {
            return JobsApiAnswers.MalformedId(id);
        }

        if (await store.SetPinnedAsync(api.Caller.User, id, pinned, api.Aborted) is not { } kept)
        {
            return JobsApiAnswers.NotFound(id);
        }

        return ApiResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteBoolean("kept", kept);
            w.WriteEndObject();
        });
    }
}
