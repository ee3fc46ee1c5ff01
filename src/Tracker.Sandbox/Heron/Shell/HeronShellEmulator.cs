using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tracker.Sandbox.Heron;

/// <summary>
/// heron-shell of one container (contract §3.2): the HTTP endpoints the tracker proxies, over a
/// container directory laid out by <see cref="ContainerDirectory"/>. <c>jstack</c>, <c>jmap</c>
/// and <c>histo</c> answer with canned JVM output for the container's pids instead of running
/// the JDK tools: the tracker only relays <c>{command, stdout, stderr}</c>.
/// </summary>
public sealed class HeronShellEmulator : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };

    private readonly WebApplication _app;
    private int _disposed;
    private readonly IReadOnlyDictionary<int, DemoInstance> _processes;

    private HeronShellEmulator(WebApplication app, DemoTopology topology, int container, string directory)
    {
        _app = app;
        Topology = topology;
        Container = container;
        Directory = directory;
        _processes = topology.InstancesIn(container).ToDictionary(ContainerDirectory.PidOf);
    }

    public DemoTopology Topology { get; }

    public int Container { get; }

    /// <summary>The container's sandbox: the shell's working directory (<c>StMgr.cwd</c>).</summary>
    public string Directory { get; }

    public int Port => LoopbackWebApp.PortOf(_app);

    /// <summary>How many requests reached the shell; lets tests prove a bad request was refused before any call.</summary>
    public int RequestCount => _requests;

    private int _requests;
    private long _toolDelayTicks;

    /// <summary>Held before answering <c>jstack</c>, <c>jmap</c>, <c>histo</c>: JDK tools on a big heap are slow.</summary>
    public TimeSpan JvmToolDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _toolDelayTicks));
        set => Interlocked.Exchange(ref _toolDelayTicks, value.Ticks);
    }

    public static async Task<HeronShellEmulator> StartAsync(
        DemoTopology topology, int container, string containerDirectory, ILoggerFactory loggers, CancellationToken ct)
    {
        var directory = Path.GetFullPath(containerDirectory);
        ContainerDirectory.Populate(topology, container, directory);
        var app = LoopbackWebApp.CreateBuilder(loggers).Build();
        var shell = new HeronShellEmulator(app, topology, container, directory);
        shell.Map(app);
        await app.StartAsync(ct);
        return shell;
    }

    /// <summary>The answer <c>/jstack/{pid}</c> gives; public so tests compare the tracker's relay with it.</summary>
    public string JstackOutput(int pid) => _processes.TryGetValue(pid, out var instance)
        ? $"Full thread dump OpenJDK 64-Bit Server VM (17.0.9+9 mixed mode):\n\n" +
          $"\"{instance.Component}-{instance.TaskId}-executor\" #12 prio=5 os_prio=0 tid=0x00007f{pid:x8} nid=0x{pid:x} runnable\n" +
          "   java.lang.Thread.State: RUNNABLE\n\tat org.apache.heron.instance.Slave.run(Slave.java:182)\n\n" +
          "\"main\" #1 prio=5 os_prio=0 waiting on condition\n   java.lang.Thread.State: WAITING (parking)\n"
        : "";

    public string HistoOutput(int pid) => _processes.TryGetValue(pid, out var instance)
        ? " num     #instances         #bytes  class name (module)\n" +
          "-------------------------------------------------------\n" +
          $"   1:        {1000 + instance.TaskId,10}       {64_000 + instance.TaskId * 16,10}  [B (java.base@17.0.9)\n" +
          $"   2:        {800 + instance.TaskId,10}       {19_200 + instance.TaskId * 24,10}  java.lang.String (java.base@17.0.9)\n" +
          $"Total        {1800 + instance.TaskId * 2,10}       {83_200 + instance.TaskId * 40,10}\n"
        : "";

    public string JmapOutput(int pid) => _processes.ContainsKey(pid)
        ? "Dumping heap to /tmp/heap.bin ...\nHeap dump file created\n"
        : "";

    /// <summary>Stops listening; safe to call more than once (failure tests stop an emulator before the sandbox does).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref _requests);
            return next(context);
        });
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapGet("/pid/{**instance}", (string? instance) => Pid(Unescape(instance)));
        app.MapGet("/jstack/{pid}", (string pid, CancellationToken ct) => JvmToolAsync(pid, p => $"jstack {p}", JstackOutput, ct));
        app.MapGet("/jmap/{pid}", (string pid, CancellationToken ct) => JvmToolAsync(pid, p => $"jmap -dump:format=b,file=/tmp/heap.bin {p}", JmapOutput, ct));
        app.MapGet("/histo/{pid}", (string pid, CancellationToken ct) => JvmToolAsync(pid, p => $"jmap -histo {p}", HistoOutput, ct));
        app.MapGet("/pmap/{pid}", (string pid, CancellationToken ct) => JvmToolAsync(pid, p => $"pmap -pXX {p}", _ => "", ct));
        app.MapGet("/filedata/{**path}", (string? path, string? offset, string? length) => FileData(Unescape(path), offset, length));
        app.MapGet("/filestats/{**path}", (string? path) => FileStats(Unescape(path)));
        app.MapGet("/download/{**path}", (string? path) => Download(Unescape(path)));
        app.MapGet("/browse/{**path}", (string? path) => Browse(Unescape(path)));
        app.MapGet("/file/{**path}", (string? path) => FilePage(Unescape(path)));
    }

    private static string Unescape(string? path) => Uri.UnescapeDataString(path ?? "");

    /// <summary>heron-shell's rule: no absolute paths, no <c>..</c> segment.</summary>
    private static bool IsAllowed(string path) => !path.StartsWith('/') && !path.Split('/').Contains("..");

    private static IResult Forbidden() => Results.Text("Only relative paths are allowed", "text/html; charset=UTF-8", statusCode: 403);

    // The real shell lets the failing `cat` escape as an unhandled error: Tornado's 500 page.
    private static IResult ServerError() => Results.Text(
        "<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>",
        "text/html; charset=UTF-8",
        statusCode: 500);

    private IResult Pid(string instance)
    {
        var file = Path.Combine(Directory, $"{instance}.pid");
        if (instance.Length == 0 || instance.Contains('/') || !File.Exists(file))
        {
            return ServerError();
        }

        return Command($"cat {instance}.pid", File.ReadAllText(file), "");
    }

    private async Task<IResult> JvmToolAsync(string pid, Func<string, string> command, Func<int, string> output, CancellationToken cancellationToken)
    {
        if (JvmToolDelay > TimeSpan.Zero)
        {
            await Task.Delay(JvmToolDelay, cancellationToken);
        }

        // Tornado routes these with ([0-9]+$): anything else is not found.
        if (pid.Length == 0 || !pid.All(char.IsAsciiDigit) || !int.TryParse(pid, out var number))
        {
            return Results.Text("<html><title>404: Not Found</title><body>404: Not Found</body></html>", "text/html; charset=UTF-8", statusCode: 404);
        }

        return _processes.ContainsKey(number)
            ? Command(command(pid), output(number), "")
            : Command(command(pid), "", $"{pid}: No such process\n");
    }

    private static IResult Command(string command, string stdout, string stderr) =>
        Results.Json(new Dictionary<string, string> { ["command"] = command, ["stdout"] = stdout, ["stderr"] = stderr }, Json);

    private IResult FileData(string path, string? offsetText, string? lengthText)
    {
        if (!IsAllowed(path))
        {
            return Forbidden();
        }

        var file = Path.Combine(Directory, path);
        if (!File.Exists(file))
        {
            return Results.Text("", "text/html; charset=UTF-8");
        }

        if (!long.TryParse(offsetText ?? "-1", out var offset) || !long.TryParse(lengthText ?? "-1", out var length))
        {
            return Results.Text("{}", "text/html; charset=UTF-8");
        }

        using var stream = File.OpenRead(file);
        if (offset == -1)
        {
            offset = stream.Length;
        }

        if (length == -1)
        {
            length = stream.Length - offset;
        }

        var bytes = Array.Empty<byte>();
        if (offset >= 0 && offset < stream.Length && length > 0)
        {
            stream.Seek(offset, SeekOrigin.Begin);
            bytes = new byte[Math.Min(length, stream.Length - offset)];
            stream.ReadExactly(bytes);
        }

        var answer = new Dictionary<string, object> { ["offset"] = offset };
        if (bytes.Length == 0)
        {
            answer["length"] = 0;
        }
        else
        {
            var data = EscapeXml(Encoding.UTF8.GetString(bytes));
            answer["length"] = data.Length;
            answer["data"] = data;
        }

        return Results.Text(JsonSerializer.Serialize(answer, Json), "text/html; charset=UTF-8");
    }

    /// <summary>Python's <c>xml.sax.saxutils.escape</c>: only <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c>.</summary>
    public static string EscapeXml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private IResult FileStats(string path)
    {
        if (path.Length == 0)
        {
            path = ".";
        }

        if (!IsAllowed(path))
        {
            return Forbidden();
        }

        return Results.Text(JsonSerializer.Serialize(ShellListing.Stats(Directory, path), Json), "text/html; charset=UTF-8");
    }

    private IResult Download(string path)
    {
        if (!IsAllowed(path))
        {
            return Forbidden();
        }

        var file = Path.Combine(Directory, path);
        if (!File.Exists(file))
        {
            return Results.Text($"File {path}  not found", "text/html; charset=UTF-8", statusCode: 404);
        }

        return Results.File(file, "application/octet-stream", Path.GetFileName(path));
    }

    private IResult Browse(string path)
    {
        if (path.Length == 0)
        {
            path = ".";
        }

        if (!IsAllowed(path))
        {
            return Forbidden();
        }

        var html = new StringBuilder($"<html><head><title>{WebUtility.HtmlEncode(path)}</title></head><body><pre>\n");
        foreach (var (name, stat) in ShellListing.Stats(Directory, path))
        {
            var href = stat.IsDirectory ? $"/browse/{stat.RelativePath}" : $"/file/{stat.RelativePath}";
            html.Append($"{WebUtility.HtmlEncode(stat.FormattedStat)} <a href=\"{WebUtility.HtmlEncode(href)}\">{WebUtility.HtmlEncode(name)}</a>\n");
        }

        return Results.Text(html.Append("</pre></body></html>\n").ToString(), "text/html; charset=UTF-8");
    }

    private IResult FilePage(string path)
    {
        if (!IsAllowed(path))
        {
            return Forbidden();
        }

        var encoded = WebUtility.HtmlEncode(path);
        return Results.Text(
            $"<html><head><title>{encoded}</title></head><body><pre id=\"data\" data-path=\"{encoded}\"></pre>" +
            "<script>/* pages through /filedata/{path} */</script></body></html>\n",
            "text/html; charset=UTF-8");
    }
}
