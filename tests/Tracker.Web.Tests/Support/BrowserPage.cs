using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Tracker.Web.Tests.Support;

/// <summary>
/// A page in its own browser context, watched for console errors and uncaught exceptions. Disposing it takes the
/// scenario's screenshot (under $TRACKER_TEST_ARTIFACTS, else TestResults/screenshots) and fails the test on any
/// console error it saw.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _scenario;
    private readonly List<string> _errors = [];

    private BrowserPage(IBrowserContext context, IPage page, string scenario)
    {
        _context = context;
        Page = page;
        _scenario = scenario;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Console errors an expected refusal logs (the browser reports every 4xx answer to fetch).</summary>
    public List<string> ExpectedErrors { get; } = [];

    public static async Task<BrowserPage> OpenAsync(WebTracker tracker, string scenario)
    {
        var context = await tracker.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = tracker.Url.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        return new BrowserPage(context, page, scenario);
    }

    public async Task SignInAsync(string user, string password)
    {
        await Page.GotoAsync("/");
        await Page.GetByLabel("User name").FillAsync(user);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Fails on a serious or critical axe-core violation of the page as it is now.</summary>
    public async Task AssertAccessibleAsync()
    {
        var result = await Page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}").ToList();
        Assert.True(bad.Count == 0, "axe-core: " + string.Join("\n", bad));
    }

    public async ValueTask DisposeAsync()
    {
        var directory = Environment.GetEnvironmentVariable("TRACKER_TEST_ARTIFACTS") is { Length: > 0 } a
            ? a
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, _scenario + ".png"), FullPage = true });
        await _context.DisposeAsync();
        List<string> unexpected;
        lock (_errors)
        {
            unexpected = _errors.Where(e => !ExpectedErrors.Any(x => e.Contains(x, StringComparison.Ordinal))).ToList();
        }

        Assert.True(unexpected.Count == 0, "console errors: " + string.Join("\n", unexpected));
    }
}
