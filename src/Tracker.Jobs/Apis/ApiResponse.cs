using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tracker.Jobs.Apis;

/// <summary>
/// The contract's response conventions (§2.1): JSON followed by a newline, keys in the contract's order, the
/// no-cache headers on every JSON answer (with a valid HTTP-date and <c>Expires: 0</c> instead of the reference's
/// invalid values), and errors as <c>{"message", "status_code"}</c>.
/// </summary>
internal sealed class ApiResponse : IResult
{
    public const string AuthenticateChallenge = "Basic realm=\"KNOX Credentials\"";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    private readonly int statusCode;
    private readonly ArrayBufferWriter<byte> body;
    private readonly bool challenge;

    private ApiResponse(int statusCode, ArrayBufferWriter<byte> body, bool challenge)
    {
        this.statusCode = statusCode;
        this.body = body;
        this.challenge = challenge;
    }

    public int StatusCode => statusCode;

    public static ApiResponse Json(int statusCode, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        buffer.Write("\n"u8);
        return new ApiResponse(statusCode, buffer, challenge: false);
    }

    public static ApiResponse Ok(Action<Utf8JsonWriter> write) => Json(StatusCodes.Status200OK, write);

    /// <summary>Passes an upstream JSON document through unchanged, wrapped in the conventions.</summary>
    public static ApiResponse Raw(JsonElement element) => Ok(element.WriteTo);

    /// <summary>The contract's error; <paramref name="correlationId"/>, when given, names the log line about it.</summary>
    public static ApiResponse Error(int statusCode, string message, string? correlationId = null)
    {
        var response = Json(statusCode, w =>
        {
            w.WriteStartObject();
            w.WriteString("message", message);
            w.WriteNumber("status_code", statusCode);
            if (correlationId is not null)
            {
                w.WriteString("correlation_id", correlationId);
            }

            w.WriteEndObject();
        });
        return statusCode == StatusCodes.Status401Unauthorized ? new ApiResponse(statusCode, response.body, challenge: true) : response;
    }

    public static void WriteNoCacheHeaders(HttpResponse response, DateTimeOffset now)
    {
        var headers = response.Headers;
        headers.CacheControl = "no-store, no-cache, must-revalidate, post-check=0, pre-check=0, max-age=0";
        headers.Pragma = "no-cache";
        headers.Expires = "0";
        headers.LastModified = now.ToString("R", CultureInfo.InvariantCulture);
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        var time = httpContext.RequestServices.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        WriteNoCacheHeaders(response, time.GetUtcNow());
        if (challenge)
        {
            response.Headers.WWWAuthenticate = AuthenticateChallenge;
        }

        response.ContentLength = body.WrittenCount;
        return response.Body.WriteAsync(body.WrittenMemory, httpContext.RequestAborted).AsTask();
    }
}
