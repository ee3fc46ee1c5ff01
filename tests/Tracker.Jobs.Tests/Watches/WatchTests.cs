using System.Net;
using System.Text.Json;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.Tests.Support;
using Tracker.Jobs.Watches;

namespace Tracker.Jobs.Tests.Watches;

/// <summary>Watches end to end against the sandbox, with the discovery interval shortened by configuration.</summary>
public sealed class WatchTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    internal static readonly string[] FastWatches = ["--Jobs:Watches:Interval", "00:00:00.300"];

    internal static async Task<JsonElement> CreateWatchAsync(JobsClient client, string filter)
    {
        using var created = await client.PostJsonAsync("/api/watches", JsonSerializer.Serialize(new { filter, jobtype = "wf" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await JobsClient.JsonOf(created);
    }

    internal static async Task<JsonElement> TrackedAtLeastAsync(JobsClient client, string watchId, long count)
        => await Eventually.MatchesAsync(
            async () => (await client.GetJsonAsync($"/api/watches/{watchId}")).Body,
            w => w.ValueKind == JsonValueKind.Object && w.GetProperty("tracked").GetInt64() >= count,
            Deadline, $"watch {watchId} to track {count} job(s)");

    internal static async Task<IReadOnlyList<string>> TrackedIdsAsync(JobsClient client)
    {
        var (response, body) = await client.GetJsonAsync("/api/jobs/tracking");
        response.EnsureSuccessStatusCode();
        return body.EnumerateArray().Select(j => j.GetProperty("id").GetString()!).ToList();
    }

    [Fact]
    public async Task WatchOnNightlyGlob_TracksTheFailedJobSubmittedAfterIt_SavesItsLogs_AndLeavesOthersAlone()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync(FastWatches);
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var sandbox = SandboxJobs.Of(tracker);

        var watch = await CreateWatchAsync(alice, "name=nightly-*");
        var watchId = watch.GetProperty("id").GetString()!;
        Assert.Equal(["id", "filter", "jobtype", "created", "tracked", "blocked"], watch.EnumerateObject().Select(p => p.Name));
        Assert.Equal("name=nightly-*", watch.GetProperty("filter").GetString());
        Assert.Equal("wf", watch.GetProperty("jobtype").GetString());
        Assert.Equal(0, watch.GetProperty("tracked").GetInt64());

        var other = await sandbox.SubmitScriptedAsync(SandboxJobs.Alice, "FAILED", applications: 1, oozieVersion: 5, appName: $"adhoc-{Guid.NewGuid():N}");
        var nightly = await sandbox.SubmitScriptedAsync(SandboxJobs.Alice, "FAILED", applications: 2, oozieVersion: 5, appName: $"nightly-{Guid.NewGuid():N}");

        var status = await alice.CopiesFinishedAsync(nightly, Deadline);
        Assert.True(status.GetProperty("succeeded").GetBoolean());
        var applications = status.GetProperty("jobs").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(2, applications.Count);
        foreach (var applicationId in applications)
        {
            Assert.Contains(applicationId, await sandbox.ReadFileAsync(SandboxJobs.Alice, $"/user/alice/WORK/logs/{nightly}/application_{applicationId}.log"));
        }

        var seen = await TrackedAtLeastAsync(alice, watchId, 1);
        Assert.Equal(1, seen.GetProperty("tracked").GetInt64());
        Assert.False(seen.GetProperty("blocked").GetBoolean());
        var tracked = await TrackedIdsAsync(alice);
        Assert.Contains(nightly, tracked);
        Assert.DoesNotContain(other, tracked);
    }

    [Theory]
    [InlineData("""{"filter": "user=bob"}""", "'user' may not be given")]
    [InlineData("""{"filter": "name=a;User=alice"}""", "'user' may not be given")]
    [InlineData("""{"filter": "name"}""", "each part must be name=value")]
    [InlineData("""{"filter": "bogus=1"}""", "E0420")]
    [InlineData("""{"filter": "", "jobtype": "pig"}""", "jobtype must be wf, coordinator or bundle")]
    [InlineData("""{"filter": 3}""", "must be strings")]
    [InlineData("""["name=x"]""", "JSON object")]
    [InlineData("""{"filter": """, "Malformed JSON")]
    public async Task BadBodiesAndFilters_Are400WithTheReason_InTheApiFormat(string body, string reason)
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync(FastWatches);
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");

        using var response = await alice.PostJsonAsync("/api/watches", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await JobsClient.JsonOf(response);
        Assert.Contains(reason, error.GetProperty("message").GetString());
        Assert.Equal(400, error.GetProperty("status_code").GetInt32());
        Assert.Empty((await alice.GetJsonAsync("/api/watches")).Body.EnumerateArray());
    }

    [Fact]
    public async Task EmptyFilter_IsAllTheCallersJobs_AndOtherUsersWatchesAreNotFound()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync(FastWatches);
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        using var bob = new JobsClient(tracker.Url, "bob", "bob-secret");

        var watch = await CreateWatchAsync(alice, "");
        var id = watch.GetProperty("id").GetString()!;
        Assert.Equal("", watch.GetProperty("filter").GetString());

        // Bob neither sees nor deletes it; his list holds only his own.
        var (got, gotBody) = await bob.GetJsonAsync($"/api/watches/{id}");
        Assert.Equal(HttpStatusCode.NotFound, got.StatusCode);
        Assert.Equal(404, gotBody.GetProperty("status_code").GetInt32());
        using (var deleted = await bob.Http.DeleteAsync($"/api/watches/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        }

        Assert.Empty((await bob.GetJsonAsync("/api/watches")).Body.EnumerateArray());
        Assert.Equal(id, Assert.Single((await alice.GetJsonAsync("/api/watches")).Body.EnumerateArray()).GetProperty("id").GetString());

        // Bob's job is not alice's: her empty filter tracks her own new job only.
        var bobs = await SandboxJobs.Of(tracker).SubmitScriptedAsync(SandboxJobs.Bob, "SUCCEEDED", applications: 1, oozieVersion: 5);
        var hers = await SandboxJobs.Of(tracker).SubmitScriptedAsync(SandboxJobs.Alice, "SUCCEEDED", applications: 1, oozieVersion: 5);
        await TrackedAtLeastAsync(alice, id, 1);
        Assert.Equal([hers], await TrackedIdsAsync(alice));
        Assert.DoesNotContain(bobs, await TrackedIdsAsync(bob));

        using (var deleted = await alice.Http.DeleteAsync($"/api/watches/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetJsonAsync($"/api/watches/{id}")).Response.StatusCode);
    }

    [Fact]
    public async Task WithoutStoredCredentials_TheWatchIsBlockedWithTheReason_UntilTheOwnerAuthenticatesAgain()
    {
        // Every request is verified by Knox (no cache), so each one refreshes the vault as a first request would.
        await using var tracker = await TrackerProcess.StartWithSandboxAsync([.. FastWatches, "--Jobs:Authentication:VerificationCacheDuration", "00:00:00"]);
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var id = (await CreateWatchAsync(alice, "name=nightly-*")).GetProperty("id").GetString()!;

        // Read from the store, not the API: any request of alice's would store her credentials again.
        await tracker.Service<CredentialVault>().ForgetAsync("alice", CancellationToken.None);
        var blocked = await Eventually.MatchesAsync(
            () => tracker.Service<IWatchStore>().GetWatchAsync("alice", id, CancellationToken.None),
            w => w is { Blocked: true }, Deadline, "the watch to be blocked");
        Assert.Equal(WatchService.NoCredentialsReason, blocked!.Reason);

        var (_, shown) = await alice.GetJsonAsync($"/api/watches/{id}");
        Assert.True(shown.GetProperty("blocked").GetBoolean());
        Assert.Equal(WatchService.NoCredentialsReason, shown.GetProperty("reason").GetString());

        // That request stored her credentials again: the next run unblocks the watch and it finds new jobs.
        await Eventually.MatchesAsync(
            async () => (await alice.GetJsonAsync($"/api/watches/{id}")).Body,
            w => !w.GetProperty("blocked").GetBoolean() && !w.TryGetProperty("reason", out _), Deadline, "the watch to be unblocked");
        var nightly = await SandboxJobs.Of(tracker).SubmitScriptedAsync(SandboxJobs.Alice, "SUCCEEDED", applications: 1, oozieVersion: 5, appName: $"nightly-{Guid.NewGuid():N}");
        await TrackedAtLeastAsync(alice, id, 1);
        Assert.Contains(nightly, await TrackedIdsAsync(alice));
    }
}
