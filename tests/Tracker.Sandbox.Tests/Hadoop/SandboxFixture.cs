using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;
using Tracker.Hadoop.Yarn;
using Tracker.Sandbox.Hadoop;

namespace Tracker.Sandbox.Tests.Hadoop;

/// <summary>One Hadoop sandbox on a free port with its own data directory, shared by a test class.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public static readonly KnoxCredentials Alice = KnoxCredentials.Basic(SandboxUsers.Alice, SandboxUsers.AlicePassword);
    public static readonly KnoxCredentials Bob = KnoxCredentials.Basic(SandboxUsers.Bob, SandboxUsers.BobPassword);

    private ServiceProvider? _provider;

    public HadoopSandbox Sandbox { get; private set; } = null!;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "tracker-tests", "hadoop-sandbox-" + Guid.NewGuid().ToString("N"));

    /// <summary>Redirects are not followed: the tests look at the NameNode's 307 themselves.</summary>
    public HttpClient Http { get; } = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public IOozieClient Oozie => _provider!.GetRequiredService<IOozieClient>();

    public IWebHdfsClient WebHdfs => _provider!.GetRequiredService<IWebHdfsClient>();

    public IResourceManagerClient ResourceManager => _provider!.GetRequiredService<IResourceManagerClient>();

    public DemoWorkflowJob Demo(string user, string kind) => Sandbox.DemoJobs.Single(j => j.User == user && j.Kind == kind);

    public async Task InitializeAsync()
    {
        Sandbox = await HadoopSandbox.StartAsync(
            new HadoopSandboxOptions { Port = 0, DataDirectory = DataDirectory },
            NullLoggerFactory.Instance,
            TimeProvider.System,
            CancellationToken.None);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKnoxGateway(o =>
        {
            o.Url = Sandbox.GatewayUrl;
            o.RequestTimeout = TimeSpan.FromSeconds(10);
            o.RetryDelay = TimeSpan.FromMilliseconds(50);
        });
        _provider = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }

        await Sandbox.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file the OS still holds must not fail the tests that just passed.
        }
    }

    /// <summary>A raw request to the gateway, for asserting the emulator's wire answers.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, KnoxCredentials? credentials = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(Sandbox.GatewayUrl, relative)) { Content = content };
        if (credentials is not null)
        {
            request.Headers.Authorization = credentials.ToAuthorizationHeader();
        }

        return Http.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string relative, KnoxCredentials? credentials = null)
    {
        using var response = await SendAsync(HttpMethod.Get, relative, credentials ?? Alice);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {relative}: {(int)response.StatusCode} {body}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Polls a job until it ends, within a deadline; returns every status seen, in order.</summary>
    public async Task<List<string>> WaitForEndAsync(KnoxCredentials credentials, string jobId, TimeSpan deadline)
    {
        var seen = new List<string>();
        return await Eventually.MatchesAsync(
            async () =>
            {
                var lookup = await Oozie.GetJobStatusAsync(credentials, jobId);
                var status = Assert.IsType<OozieLookup<string>.Found>(lookup).Value;
                if (seen.Count == 0 || seen[^1] != status)
                {
                    seen.Add(status);
                }

                return seen;
            },
            statuses => OozieStatus.IsWorkflowTerminal(statuses[^1]),
            deadline,
            $"{jobId} to end",
            describe: statuses => string.Join(" → ", statuses));
    }

    /// <summary>Submits a job the <c>sandbox.*</c> properties script.</summary>
    public Task<string> SubmitScriptedAsync(KnoxCredentials credentials, params (string Name, string Value)[] properties)
    {
        var configuration = new Dictionary<string, string>
        {
            ["user.name"] = credentials.UserName!,
            ["oozie.wf.application.path"] = $"hdfs://sandbox/user/{credentials.UserName}/apps/scripted",
        };
        foreach (var (name, value) in properties)
        {
            configuration[name] = value;
        }

        return Oozie.SubmitWorkflowAsync(credentials, configuration);
    }

    public async Task UploadAsync(KnoxCredentials credentials, string path, string text, bool overwrite = true) =>
        await WebHdfs.CreateAsync(credentials, path, new MemoryStream(Encoding.UTF8.GetBytes(text)), overwrite);

    public async Task<string?> ReadAsync(KnoxCredentials credentials, string path)
    {
        await using var stream = await WebHdfs.OpenAsync(credentials, path);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    public static AuthenticationHeaderValue BasicHeader(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
