using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Apis;

/// <summary>
/// The job ids a POST body names. Three formats are accepted, chosen by <c>Content-Type</c>: <c>text/plain</c>
/// with one id per line (blank lines skipped), a JSON array of ids, or a JSON object whose <c>id</c> is an id or
/// an array of ids. Anything else is a client error that must change nothing.
/// </summary>
internal static class JobIdRequest
{
    /// <summary>Bodies larger than this are refused: a list of ids never needs more.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>Ids per request; each one costs an Oozie call.</summary>
    public const int MaxIds = 1000;

    public sealed record Result(IReadOnlyList<string>? Ids, string? Error)
    {
        public static Result Fail(string error) => new(null, error);
    }

    public static async Task<Result> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return Result.Fail("Missing content type: send text/plain or application/json.");
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        var isText = mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase);
        var isJson = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        if (!isText && !isJson)
        {
            return Result.Fail($"Unrecognized content type: {contentType}");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Result.Fail("Request body too large.");
        }

        var body = await ReadBodyAsync(request.Body, cancellationToken);
        if (body is null)
        {
            return Result.Fail("Request body too large.");
        }

        return isText ? ParseText(Encoding.UTF8.GetString(body)) : ParseJson(body);
    }

    public static Result ParseText(string text)
    {
        var ids = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var id = line.Trim();
            if (id.Length > 0)
            {
                ids.Add(id);
            }
        }

        return Validate(ids);
    }

    private const string NotUnicode = "Every job id must be valid Unicode text (the JSON escapes a lone surrogate).";

    /// <summary>
    /// The string's text, or null when its escapes name a lone surrogate (<c>"\udc00"</c>): valid JSON,
    /// but no UTF-16 string a job id could be, and <see cref="JsonElement.GetString"/> throws on it.
    /// </summary>
    private static string? TextOf(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public static Result ParseJson(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            return Result.Fail($"Malformed JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (!root.TryGetProperty("id", out var id))
                {
                    return Result.Fail("The JSON object has no \"id\" property.");
                }

                root = id;
                if (root.ValueKind == JsonValueKind.String)
                {
                    return TextOf(root) is { } single ? Validate([single]) : Result.Fail(NotUnicode);
                }
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                return Result.Fail("Expected a JSON array of job ids or an object with an \"id\" property.");
            }

            var ids = new List<string>();
            foreach (var item in root.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    return Result.Fail("Every job id must be a JSON string.");
                }

                if (TextOf(item) is not { } text)
                {
                    return Result.Fail(NotUnicode);
                }

                ids.Add(text.Trim());
            }

            return Validate(ids);
        }
    }

    private static Result Validate(List<string> ids)
    {
        if (ids.Count == 0)
        {
            return Result.Fail("No job id given.");
        }

        if (ids.Count > MaxIds)
        {
            return Result.Fail($"Too many job ids: at most {MaxIds} per request.");
        }

        foreach (var id in ids)
        {
            if (!OozieJobId.IsValid(id))
            {
                return Result.Fail(id.Length == 0
                    ? "Empty job id."
                    : $"Malformed job id: {Truncate(id)} (expected an Oozie id such as 0030161-180716060648641-oozie-W).");
            }
        }

        return new Result(ids.Distinct(StringComparer.Ordinal).ToList(), null);
    }

    private static string Truncate(string id) => id.Length <= 80 ? id : string.Concat(id.AsSpan(0, 80), "…");

    internal static async Task<byte[]?> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
