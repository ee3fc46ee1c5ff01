using Microsoft.Playwright;
using Tracker.Hosting;

namespace Tracker.Web.Tests.Support;

/// <summary>
/// One Tracker with its sandbox and one headless chromium (Debian's, at <see cref="ChromiumPath"/>: no
/// <c>playwright install</c>), shared by a test class. Each test opens its own <see cref="BrowserPage"/>, whose
/// cookies are its own.
/// </summary>
public sealed class WebTracker : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "tracker-web-tests", Guid.NewGuid().ToString("N"));
    private TrackerApp _app = null!;
    private IPlaywright _playwright = null!;

    public Uri Url => _app.Url;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = await TrackerHost.StartAsync(
        [
            "--urls", "http://127.0.0.1:0",
            "--Tracker:DataDirectory", _dataDirectory,
            "--Logging:LogLevel:Default", "Warning",
            "--sandbox", "--Sandbox:Port", "0", "--Jobs:Tracking:PollInterval", "00:00:00.200",
        ]);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public Task<BrowserPage> OpenAsync(string scenario) => BrowserPage.OpenAsync(this, scenario);

    /// <summary>A sandbox demo job's id, found through Tracker's /api/jobs with Basic credentials.</summary>
    public async Task<string> DemoJobAsync(string user, string password, string appName)
    {
        using var http = new HttpClient { BaseAddress = Url };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        var body = await http.GetStringAsync($"/api/jobs?filter={Uri.EscapeDataString($"name={appName};user={user}")}");
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.GetProperty("workflows").EnumerateArray().First().GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file the OS still holds must not fail a test that passed.
        }
    }
}
