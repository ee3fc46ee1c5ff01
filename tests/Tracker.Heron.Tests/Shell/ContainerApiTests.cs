using System.Net;
using System.Text.Json;
using Tracker.Heron.Tests.Metrics;
using Tracker.Sandbox.Heron;

namespace Tracker.Heron.Tests.Shell;

/// <summary>Container files through <c>stmgr-{container}</c>'s heron-shell, under both path families and both styles.</summary>
public sealed class ContainerApiTests(SharedHeronSandbox sandbox) : IClassFixture<SharedHeronSandbox>
{
    private static readonly HttpClient Direct = new() { Timeout = TimeSpan.FromSeconds(30) };

    private HeronSandboxHost Host => sandbox.Host;

    public static TheoryData<string, string> Families => new()
    {
        { "", "containerfile" },
        { "/v1", "containerfile" },
        { "/v2", "container/file" },
        { "/v2", "containerfile" },
        { "", "container/file" },
    };

    private string LogOf(int container) => ContainerDirectory.LogFileOf(Host.Topology.InstancesIn(container).First().Id);

    [Theory]
    [MemberData(nameof(Families))]
    public async Task File_data_is_the_chunk_of_the_file(string prefix, string family)
    {
        var path = LogOf(2);
        var url = $"{prefix}/topologies/{family}data?{Host.Coordinates}&container=2&path={path}&offset=100&length=300";
        var result = prefix == "/v2" ? await Host.GetUnwrappedAsync(url) : await Host.GetEnvelopeResultAsync(url);

        var bytes = File.ReadAllBytes(Path.Combine(Host.Shells[2].Directory, path));
        var expected = HeronShellEmulator.EscapeXml(System.Text.Encoding.UTF8.GetString(bytes, 100, 300));
        Assert.Equal(100, result.GetProperty("offset").GetInt64());
        Assert.Equal(expected, result.GetProperty("data").GetString());
        Assert.Equal(expected.Length, result.GetProperty("length").GetInt32());
        // The same object the shell gives when asked directly.
        Assert.Equal(await ShellJsonAsync(2, $"/filedata/{path}?offset=100&length=300"), result.GetRawText());
    }

    [Fact]
    public async Task File_size_by_offset_minus_one()
    {
        var path = LogOf(1);
        var result = await Host.GetUnwrappedAsync($"/v2/topologies/container/filedata?{Host.Coordinates}&container=1&path={path}&offset=-1&length=-1");
        Assert.Equal(new FileInfo(Path.Combine(Host.Shells[1].Directory, path)).Length, result.GetProperty("offset").GetInt64());
        Assert.Equal(0, result.GetProperty("length").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task File_stats_are_the_shell_listing(string prefix, string family)
    {
        var url = $"{prefix}/topologies/{family}stats?{Host.Coordinates}&container=1&path=log-files";
        var result = prefix == "/v2" ? await Host.GetUnwrappedAsync(url) : await Host.GetEnvelopeResultAsync(url);

        Assert.Equal(await ShellJsonAsync(1, "/filestats/log-files"), result.GetRawText());
        var names = result.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("..", names);
        Assert.All(Host.Topology.InstancesIn(1), i => Assert.Contains($"{i.Id}.log.0", names));
    }

    [Fact]
    public async Task File_stats_default_to_the_container_directory()
    {
        var result = await Host.GetEnvelopeResultAsync($"/topologies/containerfilestats?{Host.Coordinates}&container=3");
        Assert.True(result.GetProperty(ContainerDirectory.LogFiles).GetProperty("is_dir").GetBoolean());
        Assert.Equal(".%2Flog-files", result.GetProperty(ContainerDirectory.LogFiles).GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("/topologies/containerfiledownload")]
    [InlineData("/v2/topologies/container/filedownload")]
    public async Task Download_is_the_file_as_an_attachment(string route)
    {
        var path = LogOf(3);
        using var response = await Host.Http.GetAsync($"{route}?{Host.Coordinates}&container=3&path={path}", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(Path.GetFileName(path), response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Host.Shells[3].Directory, path)), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_missing_file_is_404()
    {
        await Host.GetUnwrappedFailureAsync($"/v2/topologies/container/filedata?{Host.Coordinates}&container=1&path=log-files/nope&offset=0&length=10", 404);
        await Host.GetEnvelopeFailureAsync($"/topologies/containerfiledownload?{Host.Coordinates}&container=1&path=log-files/nope", 404);
    }

    [Theory]
    [InlineData("path=log-files/../../etc/passwd&offset=0&length=10", "path")]
    [InlineData("path=..&offset=0&length=10", "path")]
    [InlineData("path=/etc/passwd&offset=0&length=10", "path")]
    [InlineData("path=log-files/x&offset=0&length=1073741824", "length")]
    [InlineData("path=log-files/x&offset=-5&length=10", "offset")]
    [InlineData("path=log-files/x&offset=zero&length=10", "offset")]
    [InlineData("path=log-files/x&offset=0", "length")]
    public async Task Unsafe_or_unbounded_file_requests_are_400_before_any_shell_call(string query, string parameter)
    {
        var before = Host.Shells.Values.Sum(s => s.RequestCount);
        Assert.Contains(parameter, await Host.GetUnwrappedFailureAsync($"/v2/topologies/container/filedata?{Host.Coordinates}&container=1&{query}", 400));
        Assert.Contains(parameter, await Host.GetEnvelopeFailureAsync($"/topologies/containerfiledata?{Host.Coordinates}&container=1&{query}", 400));
        Assert.Equal(before, Host.Shells.Values.Sum(s => s.RequestCount));
    }

    [Theory]
    [InlineData("/v2/topologies/container/filestats", "path=../..")]
    [InlineData("/v2/topologies/container/filedownload", "path=/etc/passwd")]
    [InlineData("/topologies/containerfiledownload", "path=a/../../b")]
    [InlineData("/topologies/containerfilestats", "container=9")]
    [InlineData("/v2/topologies/container/filestats", "container=one")]
    public async Task Unsafe_paths_and_unknown_containers_are_400_everywhere(string route, string query)
    {
        var before = Host.Shells.Values.Sum(s => s.RequestCount);
        var full = query.StartsWith("container", StringComparison.Ordinal) ? $"{query}&path=." : $"container=1&{query}";
        var (response, _) = await Host.GetAsync($"{route}?{Host.Coordinates}&{full}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, Host.Shells.Values.Sum(s => s.RequestCount));
    }

    [Theory]
    [InlineData("/topologies/containerfilestats", "")]
    [InlineData("/v2/topologies/container/filestats", "")]
    [InlineData("/topologies/containerfiledata", "&offset=0&length=10")]
    [InlineData("/v1/topologies/container/filedata", "&offset=0&length=10")]
    [InlineData("/topologies/containerfiledownload", "")]
    [InlineData("/v2/topologies/container/filedownload", "")]
    public async Task Encoded_traversals_are_400_before_any_shell_call(string route, string rest)
    {
        // As sent on the wire: the query string's own decoding leaves "..%2f..": the check must see "../..".
        string[] paths = ["..%252f..%252fetc%252fpasswd", "log-files%252f..%252f..%252fetc", "%25252e%25252e", "%252fetc%252fpasswd", "log-files%252fx%2500"];
        var before = Host.Shells.Values.Sum(s => s.RequestCount);
        foreach (var path in paths)
        {
            var (response, body) = await Host.GetAsync($"{route}?{Host.Coordinates}&container=1&path={path}{rest}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("path", route.StartsWith("/v2", StringComparison.Ordinal) ? body.GetProperty("detail").GetString() : body.GetProperty("message").GetString());
        }

        Assert.Equal(before, Host.Shells.Values.Sum(s => s.RequestCount));
    }

    [Fact]
    public async Task An_encoded_file_name_reaches_the_shell_in_its_final_form()
    {
        var path = LogOf(1);
        var encoded = Uri.EscapeDataString(Uri.EscapeDataString(path));

        var result = await Host.GetUnwrappedAsync($"/v2/topologies/container/filedata?{Host.Coordinates}&container=1&path={encoded}&offset=0&length=10");

        Assert.Equal(10, result.GetProperty("length").GetInt32());
    }

    private async Task<string> ShellJsonAsync(int container, string path)
    {
        var text = await Direct.GetStringAsync($"http://127.0.0.1:{Host.Shells[container].Port}{path}");
        using var document = JsonDocument.Parse(text);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
