using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;
using Tracker.Hadoop.Yarn;
using Tracker.Jobs.Authentication;
using Tracker.Jobs.LogCopy;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Apis;

/// <summary>
/// What every <c>/api</c> handler gets (bound with <c>[AsParameters]</c>): the request, the verified caller and
/// the services. They are resolved only after authentication, because the Knox clients refuse to exist without a
/// configured gateway and the Knox scheme answers 503 first.
/// </summary>
internal readonly record struct JobsApiServices(
    HttpContext Http,
    ClaimsPrincipal User,
    JobService Jobs,
    IOozieClient Oozie,
    IWebHdfsClient WebHdfs,
    IResourceManagerClient ResourceManager,
    IOptions<LogCopyOptions> CopyOptions)
{
    public Caller Caller => User.KnoxCaller();

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary><c>?refresh=true</c>: ask Oozie (and copy) again instead of answering from what is stored.</summary>
    public bool Refresh => Http.Request.Query["refresh"] == "true";
}

/// <summary>The errors several handlers answer with the same words.</summary>
internal static class JobsApiAnswers
{
    public static ApiError NotFound(string jobId) => ApiResponse.Error(404, $"Job {jobId} was not found.");

    public static ApiError MalformedId(string id)
        => ApiResponse.Error(400, $"Malformed job id: {(id.Length > 80 ? id[..80] + "…" : id)} (expected an Oozie id such as 0030161-180716060648641-oozie-W).");
}
