using System.Net;

namespace Tracker.Sandbox.Hadoop.Oozie;

/// <summary>An Oozie error answer: the status plus <c>oozie-error-code</c> and <c>oozie-error-message</c>.</summary>
internal sealed class OozieRequestException(HttpStatusCode status, string errorCode, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string ErrorCode { get; } = errorCode;
}
