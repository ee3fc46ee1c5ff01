using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Tracker.Sandbox.Heron;

namespace Tracker.Sandbox.Tests.Heron;

public sealed class HeronShellEmulatorTests : IAsyncLifetime
{
    private static readonly DemoTopology Topology = DemoTopologies.WordCount;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tracker-tests", Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private HeronShellEmulator _shell = null!;

    private DemoInstance Instance => Topology.InstancesIn(1).First();

    public async Task InitializeAsync() =>
        _shell = await HeronShellEmulator.StartAsync(Topology, 1, _directory, NullLoggerFactory.Instance, CancellationToken.None);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _shell.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Pid_then_jstack_histo_and_jmap_of_that_pid()
    {
        var pid = await GetJsonAsync($"/pid/{Instance.Id}");
        Assert.Equal($"cat {Instance.Id}.pid", pid.GetProperty("command").GetString());
        var stdout = pid.GetProperty("stdout").GetString()!;
        Assert.Equal(File.ReadAllText(Path.Combine(_directory, $"{Instance.Id}.pid")), stdout);
        var number = int.Parse(stdout.Trim());

        var jstack = await GetJsonAsync($"/jstack/{number}");
        Assert.Equal($"jstack {number}", jstack.GetProperty("command").GetString());
        Assert.Equal(_shell.JstackOutput(number), jstack.GetProperty("stdout").GetString());
        Assert.Contains("Full thread dump", jstack.GetProperty("stdout").GetString());
        Assert.Equal(_shell.HistoOutput(number), (await GetJsonAsync($"/histo/{number}")).GetProperty("stdout").GetString());
        Assert.Equal($"jmap -dump:format=b,file=/tmp/heap.bin {number}", (await GetJsonAsync($"/jmap/{number}")).GetProperty("command").GetString());

        using var missing = await _http.GetAsync(Url("/pid/container_9_word_99"));
        Assert.Equal(HttpStatusCode.InternalServerError, missing.StatusCode);
        using var notDigits = await _http.GetAsync(Url("/jstack/12a"));
        Assert.Equal(HttpStatusCode.NotFound, notDigits.StatusCode);
    }

    [Fact]
    public async Task File_data_is_a_chunk_xml_escaped_with_the_escaped_length()
    {
        var path = ContainerDirectory.LogFileOf(Instance.Id);
        var bytes = File.ReadAllBytes(Path.Combine(_directory, path));
        var chunk = await GetJsonAsync($"/filedata/{path}?offset=0&length=200");

        var expected = HeronShellEmulator.EscapeXml(System.Text.Encoding.UTF8.GetString(bytes, 0, 200));
        Assert.Equal(0, chunk.GetProperty("offset").GetInt64());
        Assert.Equal(expected, chunk.GetProperty("data").GetString());
        Assert.Contains("&lt;tuple", expected);
        Assert.Equal(expected.Length, chunk.GetProperty("length").GetInt32());

        var end = await GetJsonAsync($"/filedata/{path}?offset=-1&length=-1");
        Assert.Equal(bytes.Length, end.GetProperty("offset").GetInt64());
        Assert.Equal(0, end.GetProperty("length").GetInt32());
        Assert.False(end.TryGetProperty("data", out _));

        using var notAFile = await _http.GetAsync(Url("/filedata/log-files?offset=0&length=10"));
        Assert.Equal(HttpStatusCode.OK, notAFile.StatusCode);
        Assert.Equal("", await notAFile.Content.ReadAsStringAsync());
        // Escaped separators keep HttpClient from collapsing the dot segments before they reach the shell.
        using var escape = await _http.GetAsync(Url("/filedata/log-files%2F..%2F..%2Fsecret?offset=0&length=10"));
        Assert.Equal(HttpStatusCode.Forbidden, escape.StatusCode);
        using var absolute = await _http.GetAsync(Url("/filedata/%2Fetc%2Fpasswd?offset=0&length=10"));
        Assert.Equal(HttpStatusCode.Forbidden, absolute.StatusCode);
    }

    [Fact]
    public async Task File_stats_list_the_directory_like_ls()
    {
        var top = await GetJsonAsync("/filestats/.");
        var logFiles = top.GetProperty(ContainerDirectory.LogFiles);
        Assert.True(logFiles.GetProperty("is_dir").GetBoolean());
        Assert.Equal(".%2Flog-files", logFiles.GetProperty("path").GetString());
        Assert.Matches(@"^drwx[-rwx]{6} +\d+ \S+ \S+ \d+ \w{3} [ \d]\d [ \d:]{5}$", logFiles.GetProperty("formatted_stat").GetString());
        Assert.False(top.TryGetProperty("..", out _));

        var logs = await GetJsonAsync("/filestats/log-files");
        var names = logs.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal([.. names.Order(StringComparer.Ordinal)], names);
        Assert.Contains("..", names);
        Assert.Contains($"{Instance.Id}.log.0", names);
        Assert.False(logs.GetProperty($"{Instance.Id}.log.0").GetProperty("is_dir").GetBoolean());
    }

    [Fact]
    public async Task Download_streams_the_bytes_as_an_attachment()
    {
        var path = ContainerDirectory.LogFileOf(Instance.Id);
        using var response = await _http.GetAsync(Url($"/download/{path}"));
        response.EnsureSuccessStatusCode();
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{Instance.Id}.log.0", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_directory, path)), await response.Content.ReadAsByteArrayAsync());

        using var missing = await _http.GetAsync(Url("/download/log-files/nope"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private string Url(string path) => $"http://127.0.0.1:{_shell.Port}{path}";

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(Url(path));
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
