using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

// Helpers for run.sh (see README.md next to this file):
//   bare PORT BYTES                               a bare Kestrel endpoint answering GET / with BYTES of JSON
//   submit GATEWAY USER PASSWORD COUNT OUTCOME RUNTIME_SECONDS   scripted sandbox workflows, ids on stdout
//   track TRACKER USER PASSWORD FILE              POST the ids in FILE to /api/task/track/ in chunks
return args switch
{
    ["bare", var port, var bytes] => await BareAsync(int.Parse(port, CultureInfo.InvariantCulture), int.Parse(bytes, CultureInfo.InvariantCulture)),
    ["submit", var gateway, var user, var password, var count, var outcome, var runtime] =>
        await SubmitAsync(gateway, user, password, int.Parse(count, CultureInfo.InvariantCulture), outcome, runtime),
    ["track", var tracker, var user, var password, var file] => await TrackAsync(tracker, user, password, file),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: bare PORT BYTES | submit GATEWAY USER PASSWORD COUNT OUTCOME RUNTIME | track TRACKER USER PASSWORD FILE");
    return 2;
}

static async Task<int> BareAsync(int port, int bytes)
{
    // The same kind of body the tracker sends: JSON text padded to the measured size, then a newline.
    var body = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', Math.Max(0, bytes - 12)) + "\"}\n");
    var builder = WebApplication.CreateSlimBuilder(args: []);
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
    var app = builder.Build();
    app.MapGet("/", (HttpContext http) =>
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body).AsTask();
    });
    await app.RunAsync();
    return 0;
}

static HttpClient Client(string baseUrl, string user, string password) => new()
{
    BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"),
    Timeout = TimeSpan.FromMinutes(5),
    DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))) },
};

static async Task<int> SubmitAsync(string gateway, string user, string password, int count, string outcome, string runtime)
{
    using var http = Client(gateway, user, password);
    var ids = new ConcurrentBag<string>();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
    {
        var xml = $"""
            <configuration>
            <property><name>user.name</name><value>{user}</value></property>
            <property><name>oozie.wf.application.path</name><value>hdfs://sandbox/user/{user}/apps/bench-{i}</value></property>
            <property><name>sandbox.outcome</name><value>{outcome}</value></property>
            <property><name>sandbox.runtime.seconds</name><value>{runtime}</value></property>
            <property><name>sandbox.applications</name><value>1</value></property>
            </configuration>
            """;
        using var response = await http.PostAsync("oozie/v1/jobs?action=start", new StringContent(xml, Encoding.UTF8, "application/xml"), ct);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync(ct);
        ids.Add(System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!);
    });
    foreach (var id in ids)
    {
        Console.WriteLine(id);
    }

    return 0;
}

static async Task<int> TrackAsync(string tracker, string user, string password, string file)
{
    using var http = Client(tracker, user, password);
    var ids = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).ToArray();
    var tracked = 0;
    foreach (var chunk in ids.Chunk(500))
    {
        using var response = await http.PostAsync("api/task/track/", new StringContent(string.Join('\n', chunk), Encoding.UTF8, "text/plain"));
        response.EnsureSuccessStatusCode();
        tracked += System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetArrayLength();
    }

    Console.WriteLine(tracked);
    return 0;
}
