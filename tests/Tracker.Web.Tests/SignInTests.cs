using Microsoft.Playwright;
using Tracker.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Tracker.Web.Tests;

/// <summary>The sign-in form, the cookie session and sign-out, in chromium against Tracker with its sandbox.</summary>
public sealed class SignInTests(WebTracker tracker) : IClassFixture<WebTracker>
{
    [Fact]
    public async Task Right_password_signs_in_and_the_page_passes_axe()
    {
        await using var browser = await tracker.OpenAsync("sign-in-right-password");
        await browser.Page.GotoAsync("/");
        await browser.AssertAccessibleAsync();

        await browser.SignInAsync("alice", "alice-secret");

        await Expect(browser.Page.GetByText("Signed in as alice")).ToBeVisibleAsync();
        await Expect(browser.Page.GetByRole(AriaRole.Heading, new() { Name = "My tracked jobs" })).ToBeVisibleAsync();
        await browser.AssertAccessibleAsync();
        var cookie = (await browser.Page.Context.CookiesAsync()).Single(c => c.Name == "tracker-session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain("alice-secret", cookie.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_is_refused_next_to_the_form()
    {
        await using var browser = await tracker.OpenAsync("sign-in-wrong-password");
        browser.ExpectedErrors.Add("401");

        await browser.SignInAsync("alice", "not-her-password");

        await Expect(browser.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Knox refused this user name and password.");
        await Expect(browser.Page.GetByRole(AriaRole.Heading, new() { Name = "My tracked jobs" })).ToBeHiddenAsync();
        Assert.DoesNotContain(await browser.Page.Context.CookiesAsync(), c => c.Name == "tracker-session");
        await browser.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        await using var browser = await tracker.OpenAsync("sign-out");
        await browser.SignInAsync("alice", "alice-secret");
        await Expect(browser.Page.GetByText("Signed in as alice")).ToBeVisibleAsync();

        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(browser.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        var after = await browser.Page.APIRequest.GetAsync("/api/jobs/tracking");
        Assert.Equal(401, after.Status);
        await browser.Page.ReloadAsync();
        await Expect(browser.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_state_changing_request_without_the_antiforgery_token_is_refused()
    {
        await using var browser = await tracker.OpenAsync("antiforgery-refused");
        await browser.SignInAsync("alice", "alice-secret");
        await Expect(browser.Page.GetByText("Signed in as alice")).ToBeVisibleAsync();
        browser.ExpectedErrors.Add("403");

        // What a forged form post amounts to: the session cookie rides along, the page's header does not.
        var status = await browser.Page.EvaluateAsync<int>(
            "async () => (await fetch('/api/task/track', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' })).status");
        Assert.Equal(403, status);

        // A real cross-site form post: SameSite=Strict keeps the cookie home, so the post has no caller at all.
        var evil = await browser.Page.Context.NewPageAsync();
        await evil.RouteAsync("http://attacker.test/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"<form method=post action='{tracker.Url}api/task/track' enctype='text/plain'><input name=x value=y></form>",
        }));
        await evil.GotoAsync("http://attacker.test/");
        var answer = await evil.RunAndWaitForResponseAsync(
            () => evil.EvaluateAsync("() => document.forms[0].submit()"), r => r.Url.Contains("/api/task/track", StringComparison.Ordinal));
        Assert.Equal(401, answer.Status);
        await evil.CloseAsync();
    }
}
