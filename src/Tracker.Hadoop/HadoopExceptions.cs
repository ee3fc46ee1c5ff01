using System.Net;

namespace Tracker.Hadoop;

/// <summary>The service behind the gateway that a call went to.</summary>
public enum HadoopService
{
    Oozie,
    WebHdfs,
    ResourceManager,
}

/// <summary>A call through the Knox gateway did not give the expected answer.</summary>
public abstract class HadoopException(HadoopService service, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public HadoopService Service { get; } = service;
}

/// <summary>
/// Knox refused the credentials (401). Never retried: repeating a wrong password risks locking the
/// account in the directory behind Knox.
/// </summary>
public sealed class KnoxAuthenticationException(HadoopService service, string? wwwAuthenticate)
    : HadoopException(service, $"The Knox gateway refused the credentials for {service} (401).")
{
    /// <summary>The gateway's <c>WWW-Authenticate</c> challenge, to pass on to the tracker's own caller.</summary>
    public string? WwwAuthenticate { get; } = wwwAuthenticate;
}

/// <summary>An unexpected status or body from the gateway or the service behind it.</summary>
public class HadoopUpstreamException(
    HadoopService service, HttpStatusCode? statusCode, string message, Exception? inner = null)
    : HadoopException(service, message, inner)
{
    /// <summary>The HTTP status, or null when no response came (connection refused, reset).</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;
}

/// <summary>No response within <see cref="KnoxGatewayOptions.RequestTimeout"/>, after any retries.</summary>
public sealed class HadoopTimeoutException(HadoopService service, TimeSpan timeout, Exception? inner = null)
    : HadoopUpstreamException(service, null, $"{service} did not answer within {timeout.TotalSeconds:0.###} s.", inner);

/// <summary>Oozie answered with an error code (<c>oozie-error-code</c> header), other than a missing job.</summary>
public sealed class OozieException(HttpStatusCode statusCode, string? errorCode, string message)
    : HadoopUpstreamException(HadoopService.Oozie, statusCode, message)
{
    /// <summary>Oozie's code such as <c>E0701</c>; null when the answer carried none.</summary>
    public string? ErrorCode { get; } = errorCode;
}

/// <summary>WebHDFS answered with a <c>RemoteException</c> body.</summary>
public sealed class WebHdfsException(HttpStatusCode? statusCode, string? exception, string? javaClassName, string message)
    : HadoopUpstreamException(HadoopService.WebHdfs, statusCode, message)
{
    /// <summary>The remote exception's short name, e.g. <c>FileAlreadyExistsException</c>.</summary>
    public string? Exception { get; } = exception;

    public string? JavaClassName { get; } = javaClassName;

    public bool IsFileNotFound => Exception == "FileNotFoundException";

    public bool IsFileAlreadyExists => Exception == "FileAlreadyExistsException";

    public bool IsAccessDenied => Exception == "AccessControlException";
}

/// <summary>
/// The circuit of <see cref="HadoopException.Service"/> is open: enough of its recent calls failed that this one was not
/// even sent. Like any upstream failure the worker backs off and tries again; the API answers 503.
/// </summary>
public sealed class HadoopCircuitOpenException(HadoopService service, TimeSpan? retryAfter, Exception? inner = null)
    : HadoopUpstreamException(
        service,
        null,
        retryAfter is { } wait
            ? $"{service} failed repeatedly; calls to it are held back for {Math.Max(1, Math.Ceiling(wait.TotalSeconds)):0} s."
            : $"{service} failed repeatedly; calls to it are held back for now.",
        inner)
{
    /// <summary>When the next trial call goes through, when known.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
