using System.Text.Json;
using Tracker.Sandbox.Heron;

namespace Tracker.Heron.Tests.Apis;

/// <summary>A tracker over a file state root holding WordCount and ExclamationTopology, with one extra link configured.</summary>
public sealed class DemoStateFixture : IAsyncLifetime
{
    public HeronTracker Tracker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Tracker = await HeronTracker.StartFileAsync(
            "--Heron:ExtraLinks:0:Name", "Viz",
            "--Heron:ExtraLinks:0:Formatter", "http://viz.example/${ENVIRON}-${CLUSTER}-${TOPOLOGY}/${ROLE}/${USER}");
        await Tracker.SubmitAsync(DemoTopologies.WordCount);
        await Tracker.SubmitAsync(DemoTopologies.Exclamation, statsPort: 17002, firstShellPort: 18101);
        await Tracker.WaitForAsync("/v2/topologies/states", b => b.TryGetProperty("local", out var c)
            && c.GetProperty("default").EnumerateObject().Count(t => t.Value.GetProperty("has_physical_plan").GetBoolean()) == 2, TimeSpan.FromSeconds(5));
    }

    public async Task DisposeAsync() => await Tracker.DisposeAsync();
}

/// <summary>Every state endpoint in both styles against the contract's JSON examples (§4.3): field names, nesting, types.</summary>
public sealed class StateEndpointGoldenTests(DemoStateFixture fixture) : IClassFixture<DemoStateFixture>
{
    private const string WordCount = "cluster=local&environ=default&topology=WordCount";

    private HeronTracker Tracker => fixture.Tracker;

    public static TheoryData<string> Prefixes => ["", "/v1", "/v2"];

    /// <summary>The payload, after checking the style's wrapper: the envelope or the bare body with <c>x-process-time</c>.</summary>
    private async Task<JsonElement> PayloadAsync(string prefix, string path)
    {
        var (status, body, response) = await Tracker.GetAsync(prefix + path);
        Assert.Equal(200, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        if (prefix == "/v2")
        {
            Assert.True(double.TryParse(response.Headers.GetValues("x-process-time").Single(), System.Globalization.CultureInfo.InvariantCulture, out var seconds));
            Assert.InRange(seconds, 0, 5);
            return body;
        }

        Assert.False(response.Headers.Contains("x-process-time"));
        Assert.Equal(["status", "executiontime", "message", "result", "version", "tracker_version"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Number, body.GetProperty("executiontime").ValueKind);
        Assert.Equal("", body.GetProperty("message").GetString());
        Assert.Equal(body.GetProperty("version").GetString(), body.GetProperty("tracker_version").GetString());
        return body.GetProperty("result");
    }

    private static bool Envelope(string prefix) => prefix != "/v2";

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Clusters_lists_state_manager_names(string prefix)
    {
        var clusters = await PayloadAsync(prefix, "/clusters");

        JsonShape.AssertMatches(ContractExamples.Clusters, clusters);
        Assert.Equal(["local"], clusters.EnumerateArray().Select(c => c.GetString()));
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Topologies_nest_cluster_role_environ(string prefix)
    {
        var topologies = await PayloadAsync(prefix, "/topologies");

        JsonShape.AssertMatches(ContractExamples.Topologies, topologies, ContractExamples.TreeMaps);
        Assert.Equal(["ExclamationTopology", "WordCount"],
            topologies.GetProperty("local").GetProperty("alice").GetProperty("default").EnumerateArray().Select(n => n.GetString()));
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task States_nest_cluster_environ_topology(string prefix)
    {
        var states = await PayloadAsync(prefix, "/topologies/states");

        var state = Envelope(prefix) ? ContractExamples.EnvelopeExecutionState : ContractExamples.ExecutionState;
        var example = "{\"local\":{\"default\":{\"WordCount\":" + state + "}}}";
        JsonShape.AssertMatches(example, states, ContractExamples.TreeMaps);
        Assert.Equal(["ExclamationTopology", "WordCount"], states.GetProperty("local").GetProperty("default").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Execution_state_matches_the_example(string prefix)
    {
        var state = await PayloadAsync(prefix, "/topologies/executionstate?" + WordCount);

        JsonShape.AssertMatches(Envelope(prefix) ? ContractExamples.EnvelopeExecutionState : ContractExamples.ExecutionState, state);
        Assert.Equal(1_700_000_000, state.GetProperty("submission_time").GetInt64());
        Assert.Equal(6, state.GetProperty("instances").GetInt32());
        Assert.Equal("Running", state.GetProperty("status").GetString());
        Assert.Equal("http://viz.example/default-local-WordCount/alice/alice", state.GetProperty("extra_links")[0].GetProperty("url").GetString());
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Metadata_matches_the_example(string prefix)
    {
        var metadata = await PayloadAsync(prefix, "/topologies/metadata?" + WordCount);

        JsonShape.AssertMatches(ContractExamples.Metadata, metadata);
        Assert.Equal("WordCount", metadata.GetProperty("jobname").GetString());
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Logical_plan_matches_the_example(string prefix)
    {
        var plan = await PayloadAsync(prefix, "/topologies/logicalplan?cluster=local&environ=default&topology=ExclamationTopology");

        JsonShape.AssertMatches(Envelope(prefix) ? ContractExamples.EnvelopeLogicalPlan : ContractExamples.LogicalPlan, plan,
            ContractExamples.LogicalPlanMaps, ContractExamples.LogicalPlanFree);
        Assert.Equal(2, plan.GetProperty("stages").GetInt32());
        Assert.Equal(["exclaim1", "exclaim2"], plan.GetProperty("bolts").EnumerateObject().Select(p => p.Name));
        Assert.Equal("exclaim1", plan.GetProperty("bolts").GetProperty("exclaim2").GetProperty("inputComponents")[0].GetString());
        Assert.Equal("sandbox", plan.GetProperty("spouts").GetProperty("word").GetProperty("spout_type").GetString());
        Assert.Equal("2", plan.GetProperty("spouts").GetProperty("word").GetProperty("config").GetProperty("topology.component.parallelism").GetString());
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Physical_plan_matches_the_example(string prefix)
    {
        var plan = await PayloadAsync(prefix, "/topologies/physicalplan?" + WordCount);

        JsonShape.AssertMatches(Envelope(prefix) ? ContractExamples.EnvelopePhysicalPlan : ContractExamples.PhysicalPlan, plan,
            ContractExamples.PhysicalPlanMaps, ContractExamples.PhysicalPlanFree);
        var instance = plan.GetProperty("instances").GetProperty("container_2_count_5");
        Assert.Equal("stmgr-2", instance.GetProperty(Envelope(prefix) ? "stmgrId" : "stmgr_id").GetString());
        Assert.Equal("http://127.0.0.1:18002/file/log-files/container_2_count_5.log.0", instance.GetProperty("logfile").GetString());
        var stmgr = plan.GetProperty("stmgrs").GetProperty("stmgr-3");
        Assert.Equal(18003, stmgr.GetProperty("shell_port").GetInt32());
        Assert.Equal("http://127.0.0.1:18003/browse/", stmgr.GetProperty("joburl").GetString());
        Assert.Equal(["container_3_word_3", "container_3_count_6"], stmgr.GetProperty("instance_ids").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(["container_1_word_1", "container_1_count_4"], plan.GetProperty("instance_groups").GetProperty("container_1").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(3, plan.GetProperty("bolts").GetProperty("count").GetArrayLength());
        var config = plan.GetProperty("config");
        Assert.Equal("30", config.GetProperty("topology.message.timeout.secs").GetString());
        Assert.Equal(4, config.GetProperty("topology.container.max.cpu.hint").GetInt32());
        Assert.Equal("{}", config.GetProperty("topology.environment").GetProperty("value").GetString());
        Assert.StartsWith("aced0005", config.GetProperty("topology.environment").GetProperty("raw").GetString());
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Packing_plan_matches_the_example_with_the_real_disk(string prefix)
    {
        var plan = await PayloadAsync(prefix, "/topologies/packingplan?" + WordCount);

        JsonShape.AssertMatches(ContractExamples.PackingPlan, plan);
        var container = plan.GetProperty("container_plans")[0];
        // The reference copied ram into scheduled disk (§7.6): 2 instances → 4 GiB ram, 6 GiB disk.
        Assert.Equal(4L << 30, container.GetProperty("scheduled_resources").GetProperty("ram").GetInt64());
        Assert.Equal(6L << 30, container.GetProperty("scheduled_resources").GetProperty("disk").GetInt64());
        Assert.Equal("3.0", container.GetProperty("required_resources").GetProperty("cpu").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Scheduler_location_matches_the_example(string prefix)
    {
        var location = await PayloadAsync(prefix, "/topologies/schedulerlocation?" + WordCount);

        JsonShape.AssertMatches(ContractExamples.SchedulerLocation, location);
        Assert.Equal("http://127.0.0.1/sandbox/jobs/WordCount", location.GetProperty("job_page_link").GetString());
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Config_keeps_strings_as_strings(string prefix)
    {
        var config = await PayloadAsync(prefix, "/topologies/config?" + WordCount);

        Assert.Equal(JsonValueKind.String, config.GetProperty("topology.stmgrs").ValueKind);
        Assert.Equal("3", config.GetProperty("topology.stmgrs").GetString());
        Assert.Equal(JsonValueKind.Object, config.GetProperty("topology.environment").ValueKind);
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Info_matches_the_example_with_the_stats_port(string prefix)
    {
        var info = await PayloadAsync(prefix, "/topologies/info?" + WordCount);

        var example = Envelope(prefix)
            ? ContractExamples.Info(ContractExamples.EnvelopeExecutionState, ContractExamples.EnvelopeLogicalPlan, ContractExamples.EnvelopePhysicalPlan)
            : ContractExamples.Info(ContractExamples.ExecutionState, ContractExamples.LogicalPlan, ContractExamples.PhysicalPlan);
        JsonShape.AssertMatches(example, info,
            [.. ContractExamples.LogicalPlanMaps.Select(m => m.Replace("$", "$.logical_plan")), .. ContractExamples.PhysicalPlanMaps.Select(m => m.Replace("$", "$.physical_plan"))],
            [.. ContractExamples.LogicalPlanFree.Select(m => m.Replace("$", "$.logical_plan")), .. ContractExamples.PhysicalPlanFree.Select(m => m.Replace("$", "$.physical_plan"))]);
        Assert.Equal(17001, info.GetProperty("tmanager_location").GetProperty("stats_port").GetInt32());
        Assert.Equal("WordCount-alice-demo", info.GetProperty("id").GetString());
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Machines_nest_cluster_environ_topology(string prefix)
    {
        var machines = await PayloadAsync(prefix, "/machines?cluster=local&environ=default&topology=WordCount");

        JsonShape.AssertMatches(ContractExamples.Machines, machines, ContractExamples.TreeMaps);
        Assert.Equal(["WordCount"], machines.GetProperty("local").GetProperty("default").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Root_is_not_redirected_to_topologies()
    {
        // "/" is the web page's (issue 13); the contract says no Heron client relies on the old redirect.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Tracker.Http.BaseAddress };

        var response = await client.GetAsync("/");

        Assert.NotEqual(System.Net.HttpStatusCode.Found, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("/v1")]
    [InlineData("/v1/")]
    public async Task V1_with_or_without_slash_redirects_to_its_topologies(string path)
    {
        // Both spellings are one route template: mapped twice they were an AmbiguousMatchException (500).
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Tracker.Http.BaseAddress };

        var response = await client.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/v1/topologies", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/v2/health")]
    public async Task Health_answers_ok_as_plain_text(string path)
    {
        var response = await Tracker.Http.GetAsync(path);

        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }
}
