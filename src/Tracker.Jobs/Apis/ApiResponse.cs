using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tracker.Jobs.Apis;

/// <summary>
/// The contract's response conventions (§2.1): JSON followed by a newline, keys in the contract's order, the
/// no-cache headers on every JSON answer (with a valid HTTP-date and <c>Expires: 0</c> instead of the reference's
/// invalid values), and errors as <c>{"message", "status_code"}</c>. Written with a <see cref="Utf8JsonWriter"/>
/// so the bytes are the contract's exactly; <see cref="ApiAnswer"/> and <see cref="ApiError"/> are its two kinds,
/// so handlers can name them in typed <c>Results&lt;…&gt;</c>.
/// </summary>
internal abstract class ApiResponse : IResult
{
    public const string AuthenticateChallenge = "Basic realm=\"KNOX Credentials\"";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    private readonly int _statusCode;
    private readonly ArrayBufferWriter<byte> _body;
    private readonly bool _challenge;

    private protected ApiResponse(int statusCode, ArrayBufferWriter<byte> body, bool challenge)
    {
        this._statusCode = statusCode;
        this._body = body;
        this._challenge = challenge;
    }

    public int StatusCode => _statusCode;

    private static ArrayBufferWriter<byte> Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        buffer.Write("\n"u8);
        return buffer;
    }

    public static ApiAnswer Ok(Action<Utf8JsonWriter> write) => new(Write(write));

    /// <summary>A 201 answer: something the request made, described by <paramref name="write"/>.</summary>
    public static ApiAnswer Created(Action<Utf8JsonWriter> write) => new(Write(write), StatusCodes.Status201Created);

    /// <summary>Passes an upstream JSON document through unchanged, wrapped in the conventions.</summary>
    public static ApiAnswer Raw(JsonElement element) => Ok(element.WriteTo);

    /// <summary>The contract's error; <paramref name="correlationId"/>, when given, names the log line about it.</summary>
    public static ApiError Error(int statusCode, string message, string? correlationId = null)
    {
        var body = Write(w =>
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
        return new ApiError(statusCode, body, challenge: statusCode == StatusCodes.Status401Unauthorized);
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
        response.StatusCode = _statusCode;
        response.ContentType = "application/json; charset=utf-8";
        var time = httpContext.RequestServices.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        WriteNoCacheHeaders(response, time.GetUtcNow());
        if (_challenge)
        {
            response.Headers.WWWAuthenticate = AuthenticateChallenge;
        }

        response.ContentLength = _body.WrittenCount;
        return response.Body.WriteAsync(_body.WrittenMemory, httpContext.RequestAborted).AsTask();
    }
}

/// <summary>A success (200, or 201 for what a request created) in the contract's conventions.</summary>
internal sealed class ApiAnswer : ApiResponse
{
    internal ApiAnswer(ArrayBufferWriter<byte> body, int statusCode = StatusCodes.Status200OK)
        : base(statusCode, body, challenge: false)
    {
    }
}

/// <summary>An error in the contract's format; a 401 carries the Basic challenge.</summary>
internal sealed class ApiError : ApiResponse
{
    internal ApiError(int statusCode, ArrayBufferWriter<byte> body, bool challenge)
        : base(statusCode, body, challenge)
    {
    }
}
