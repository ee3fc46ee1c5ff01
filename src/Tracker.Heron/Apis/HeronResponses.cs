using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tracker.Heron.Apis;

/// <summary>
/// Writes Heron API answers in the style of the route group that serves them, so a handler is
/// written once and mapped under the root, <c>/v1</c> and <c>/v2</c>:
/// <list type="bullet">
/// <item><see cref="Json(ReadOnlyMemory{byte})"/>, <see cref="Json(Action{Utf8JsonWriter})"/>, <see cref="Serialize{T}"/>:
/// success; the payload becomes <c>result</c> in the envelope, or the bare body with <c>x-process-time</c> under <c>/v2</c>.</item>
/// <item><see cref="Failure"/>, <see cref="BadParameter"/>, <see cref="MissingParameter"/>, <see cref="TopologyNotFound"/>:
/// an error with its HTTP status; envelope <c>{"status":"failure","message":...}</c> (no <c>result</c>, as Tornado),
/// or <c>{"detail": "..."}</c> under <c>/v2</c>.</item>
/// </list>
/// A route group opts in with <see cref="WithHeronStyle"/>, which also records the start time for
/// <c>executiontime</c>/<c>x-process-time</c> and adds <c>Access-Control-Allow-Origin</c> as <c>Heron:Cors</c> allows.
/// </summary>
public static class HeronResponses
{
    private static readonly object StyleKey = new();
    private static readonly object StartKey = new();
    private static readonly string DefaultVersion = BuildVersion();
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

    /// <summary>Marks every endpoint of the group as answering in <paramref name="style"/>.</summary>
    public static TBuilder WithHeronStyle<TBuilder>(this TBuilder group, HeronApiStyle style)
        where TBuilder : IEndpointConventionBuilder
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            http.Items[StyleKey] = style;
            http.Items[StartKey] = Stopwatch.GetTimestamp();
            Access.HeronCors.Apply(http, http.RequestServices.GetRequiredService<IOptions<HeronOptions>>().Value);

            return await next(context);
        });
        return group;
    }

    /// <summary>The style of the group serving this request (envelope outside any Heron group).</summary>
    public static HeronApiStyle StyleOf(HttpContext context)
        => context.Items.TryGetValue(StyleKey, out var style) && style is HeronApiStyle s ? s : HeronApiStyle.Envelope;

    /// <summary>A success whose payload is already UTF-8 JSON (a pre-rendered view of a snapshot).</summary>
    public static IResult Json(ReadOnlyMemory<byte> payload) => new HeronResult(StatusCodes.Status200OK, null, payload, null);

    /// <summary>A success whose payload is written on demand.</summary>
    public static IResult Json(Action<Utf8JsonWriter> payload) => new HeronResult(StatusCodes.Status200OK, null, default, payload);

    /// <summary>A success serialized with System.Text.Json's web defaults.</summary>
    public static IResult Serialize<T>(T payload)
        => Json(new ReadOnlyMemory<byte>(JsonSerializer.SerializeToUtf8Bytes(payload, JsonSerializerOptions.Web)));

    /// <summary>A failure in the group's error format; <paramref name="statusCode"/> must be 4xx or 5xx.</summary>
    public static IResult Failure(int statusCode, string message) => new HeronResult(statusCode, message, default, null);

    public static IResult MissingParameter(string name) => Failure(StatusCodes.Status400BadRequest, $"Missing argument {name}");

    public static IResult BadParameter(string name, string reason) => Failure(StatusCodes.Status400BadRequest, $"Invalid argument {name}: {reason}");

    public static IResult TopologyNotFound(string cluster, string environ, string topology, string? role)
        => Failure(StatusCodes.Status404NotFound, role is null
            ? $"Topology not found for {cluster}, {environ}, {topology}"
            : $"Topology not found for {cluster}, {role}, {environ}, {topology}");

    /// <summary>Writes a UTF-8 JSON string with the same escaping as every other answer, for pre-rendering.</summary>
    public static byte[] Render(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static double Elapsed(HttpContext context)
        => context.Items.TryGetValue(StartKey, out var start) && start is long started
            ? Stopwatch.GetElapsedTime(started).TotalSeconds
            : 0d;

    private static string BuildVersion()
    {
        var version = typeof(HeronResponses).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    private sealed class HeronResult(int statusCode, string? error, ReadOnlyMemory<byte> payload, Action<Utf8JsonWriter>? write) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => statusCode;

        public async Task ExecuteAsync(HttpContext context)
        {
            var style = StyleOf(context);
            var response = context.Response;
            response.StatusCode = statusCode;
            response.ContentType = "application/json; charset=utf-8";
            if (style == HeronApiStyle.Unwrapped && error is null)
            {
                response.Headers["x-process-time"] = Elapsed(context).ToString("R", CultureInfo.InvariantCulture);
            }

            using (var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
            {
                if (style == HeronApiStyle.Unwrapped)
                {
                    if (error is null)
                    {
                        WritePayload(writer);
                    }
                    else
                    {
                        writer.WriteStartObject();
                        writer.WriteString("detail", error);
                        writer.WriteEndObject();
                    }
                }
                else
                {
                    var version = context.RequestServices.GetRequiredService<IOptions<HeronOptions>>().Value.TrackerVersion ?? DefaultVersion;
                    writer.WriteStartObject();
                    writer.WriteString("status", error is null ? "success" : "failure");
                    writer.WriteNumber("executiontime", Elapsed(context));
                    writer.WriteString("message", error ?? "");
                    if (error is null)
                    {
                        writer.WritePropertyName("result");
                        WritePayload(writer);
                    }

                    writer.WriteString("version", version);
                    writer.WriteString("tracker_version", version);
                    writer.WriteEndObject();
                }
            }

            await response.BodyWriter.FlushAsync(context.RequestAborted);
        }

        private void WritePayload(Utf8JsonWriter writer)
        {
            if (write is not null)
            {
                write(writer);
            }
            else
            {
                writer.WriteRawValue(payload.Span, skipInputValidation: true);
            }
        }
    }
}
