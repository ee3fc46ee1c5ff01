using Microsoft.Playwright;
using Tracker.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Tracker.Web.Tests;

/// <summary>The "my tracked jobs" table and the track form, in chromium against Tracker with its sandbox.</summary>
public sealed class TrackedJobsTests(WebTracker tracker) : IClassFixture<WebTracker>
{
    [Fact]
    public async Task A_failed_job_tracked_from_the_form_turns_to_logs_saved_without_reload()
    {
        var jobId = await tracker.DemoJobAsync("alice", "alice-secret", "daily-aggregation");
        await using var browser = await tracker.OpenAsync("track-failed-job");
        await browser.SignInAsync("alice", "alice-secret");

        await browser.Page.GetByLabel("Oozie job ids, one a line").FillAsync(jobId);
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Track", Exact = true }).ClickAsync();

        await Expect(browser.Page.Locator("#track-results")).ToContainTextAsync(jobId);
        var row = browser.Page.Locator($"#jobs tbody tr[data-job='{jobId}']");
        await Expect(row).ToContainTextAsync("logs saved", new() { Timeout = 60_000 });
        await Expect(row).Not.ToContainTextAsync("not copied yet");
        await browser.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Tracking_an_unknown_id_shows_the_error_next_to_the_form()
    {
        await using var browser = await tracker.OpenAsync("track-bad-id");
        browser.ExpectedErrors.Add("status of 4");
        await browser.SignInAsync("alice", "alice-secret");

        await browser.Page.GetByLabel("Oozie job ids, one a line").FillAsync("not-a-job-id");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Track", Exact = true }).ClickAsync();

        await Expect(browser.Page.Locator("#track-results li.error")).ToContainTextAsync("Not tracked");
    }

    [Fact]
    public async Task Bob_sees_none_of_alices_jobs()
    {
        var jobId = await tracker.DemoJobAsync("alice", "alice-secret", "word-count");
        await using (var alice = await tracker.OpenAsync("alice-tracks"))
        {
            await alice.SignInAsync("alice", "alice-secret");
            await alice.Page.GetByLabel("Oozie job ids, one a line").FillAsync(jobId);
            await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Track", Exact = true }).ClickAsync();
            await Expect(alice.Page.Locator($"#jobs tbody tr[data-job='{jobId}']")).ToBeVisibleAsync();
        }

        await using var bob = await tracker.OpenAsync("bob-sees-none");
        await bob.SignInAsync("bob", "bob-secret");
        await Expect(bob.Page.GetByText("Signed in as bob")).ToBeVisibleAsync();
        var mine = await bob.Page.APIRequest.GetAsync("/api/jobs/tracking");
        Assert.Equal(200, mine.Status);
        Assert.DoesNotContain(jobId, await mine.TextAsync(), StringComparison.Ordinal);
        await Expect(bob.Page.Locator($"#jobs tbody tr[data-job='{jobId}']")).ToHaveCountAsync(0);
        await Expect(bob.Page.GetByText("No tracked jobs.")).ToBeVisibleAsync();
    }
}
