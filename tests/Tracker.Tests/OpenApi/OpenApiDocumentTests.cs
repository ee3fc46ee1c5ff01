using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tracker.Tests.Hosting;

namespace Tracker.Tests.OpenApi;

/// <summary>
/// The served OpenAPI document is what client generators see: it must match the committed golden copy
/// (regenerate with scripts/update-openapi-golden.sh after a deliberate change) and list every mapped route.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    private static readonly string GoldenPath = Path.Combine(RepositoryRoot(), "tests", "Tracker.Tests", "OpenApi", "openapi.golden.json");

    [Fact]
    public async Task The_served_document_matches_the_golden_copy()
    {
        await using var tracker = await RunningTracker.StartAsync();

        var served = Normalize(await tracker.Http.GetStringAsync("/openapi/v1.json"));

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(GoldenPath, served);
            return;
        }

        Assert.True(File.Exists(GoldenPath), $"No golden copy at {GoldenPath}: run scripts/update-openapi-golden.sh.");
        var golden = Normalize(await File.ReadAllTextAsync(GoldenPath));
        Assert.True(golden == served, $"/openapi/v1.json differs from {GoldenPath}; if the change is meant, run scripts/update-openapi-golden.sh. First difference: {FirstDifference(golden, served)}");
    }

    [Fact]
    public async Task Every_mapped_endpoint_is_in_the_document_unless_excluded()
    {
        await using var tracker = await RunningTracker.StartAsync();
        using var document = JsonDocument.Parse(await tracker.Http.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        var endpoints = tracker.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .ToList();
        Assert.NotEmpty(endpoints);
        var missing = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var path = DocumentPath(endpoint.RoutePattern.RawText ?? "");
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            if (methods.Count == 0)
            {
                missing.Add($"{path} (answers every method)");
            }

            foreach (var method in methods)
            {
                if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out _))
                {
                    missing.Add($"{method} {path}");
                }
            }
        }

        Assert.Empty(missing);
        Assert.True(paths.GetProperty("/health/ready").TryGetProperty("get", out _));
    }

    [Fact]
    public async Task Heron_and_api_operations_carry_their_parameters_and_error_formats()
    {
        await using var tracker = await RunningTracker.StartAsync();
        using var document = JsonDocument.Parse(await tracker.Http.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        var plan = paths.GetProperty("/v2/topologies/physicalplan").GetProperty("get");
        var names = plan.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["cluster", "environ", "topology", "role"], names);
        Assert.Equal("#/components/schemas/HeronDetail", plan.GetProperty("responses").GetProperty("404").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var envelope = paths.GetProperty("/topologies/physicalplan").GetProperty("get").GetProperty("responses").GetProperty("200");
        Assert.Equal("#/components/schemas/HeronEnvelope", envelope.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());

        var track = paths.GetProperty("/api/task/track").GetProperty("post");
        Assert.True(track.GetProperty("requestBody").GetProperty("content").TryGetProperty("text/plain", out _));
        Assert.True(track.GetProperty("responses").TryGetProperty("401", out _));
        Assert.True(document.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("heronBearer", out _));
    }

    [Fact]
    public async Task The_reference_at_docs_uses_only_assets_the_tracker_serves()
    {
        await using var tracker = await RunningTracker.StartAsync();

        var page = await tracker.Http.GetStringAsync("/docs/");

        var assets = Asset().Matches(page).Select(m => m.Groups["url"].Value).ToList();
        Assert.NotEmpty(assets);
        Assert.DoesNotContain(assets, a => a.Contains("//", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"https?://", page);
        foreach (var match in Asset().Matches(page).Cast<Match>())
        {
            // Scalar resolves its document sources against the site's base, its own files against the page.
            var baseUrl = new Uri(tracker.Http.BaseAddress!, match.Groups["source"].Success ? "/" : "/docs/");
            var asset = match.Groups["url"].Value;
            var response = await tracker.Http.GetAsync(new Uri(baseUrl, asset));
            Assert.True(response.IsSuccessStatusCode, $"{asset} answered {(int)response.StatusCode}");
        }
    }

    /// <summary>Keys sorted at every level and indented, so the golden copy diffs cleanly and does not depend on the generator's order.</summary>
    private static string Normalize(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("servers");
        return Sorted(node)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end>";
            var right = i < a.Length ? a[i] : "<end>";
            if (left != right)
            {
                return $"line {i + 1}: golden '{left.Trim()}', served '{right.Trim()}'";
            }
        }

        return "none";
    }

    /// <summary>A route pattern as OpenAPI writes it: one leading slash, parameters without constraints or catch-all marks.</summary>
    private static string DocumentPath(string pattern)
    {
        var path = "/" + pattern.Trim('/');
        path = Regex.Replace(path, "/{2,}", "/");
        return Regex.Replace(path, @"\{\*{0,2}([^}:=?]+)[^}]*\}", "{$1}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tracker.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Tracker.slnx not found above the test output.");
    }

    [GeneratedRegex("""(?:src|href)="(?<url>[^"]+)"|(?<source>"url":)"(?<url>[^"]+)"|"favicon":"(?<url>[^"]+)"|from '(?<url>[^']+)'""")]
    private static partial Regex Asset();
}
