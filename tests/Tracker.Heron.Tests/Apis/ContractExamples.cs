namespace Tracker.Heron.Tests.Apis;

/// <summary>
/// The contract's JSON examples (docs/contract/heron.md §4.3, HEAD/0.20.5 shapes), as the unwrapped
/// <c>/v2</c> style serves them, plus the envelope style's documented differences.
/// </summary>
internal static class ContractExamples
{
    public const string Clusters = """["local"]""";

    public const string Topologies = """{"local":{"alice":{"default":["WordCount"]}}}""";

    public const string ExecutionState = """
        {"cluster":"local","environ":"default","role":"alice","jobname":"WordCount",
         "submission_time":1700000000,"submission_user":"alice","release_username":"alice",
         "release_tag":"","release_version":"0.20.5-incubating","instances":4,
         "extra_links":[{"name":"Viz","formatter":"http://viz.example/${ENVIRON}-${CLUSTER}-${TOPOLOGY}/${ROLE}/${USER}",
                         "url":"http://viz.example/default-local-WordCount/alice/alice"}],
         "has_physical_plan":true,"has_packing_plan":true,"has_tmanager_location":true,
         "has_scheduler_location":true,"status":"Running"}
        """;

    public const string Metadata = """
        {"cluster":"local","environ":"default","role":"alice","jobname":"WordCount",
         "submission_time":1700000000,"submission_user":"alice","release_username":"alice",
         "release_tag":"","release_version":"0.20.5-incubating","instances":4,
         "extra_links":[{"name":"Viz","formatter":"http://viz.example/${ENVIRON}-${CLUSTER}-${TOPOLOGY}/${ROLE}/${USER}",
                         "url":"http://viz.example/default-local-WordCount/alice/alice"}]}
        """;

    public const string LogicalPlan = """
        {"bolts":{"exclaim":{"config":{"topology.component.parallelism":"2"},
           "outputs":[{"stream_name":"default"}],
           "inputs":[{"stream_name":"default","component_name":"word","grouping":"SHUFFLE"}],
           "inputComponents":["word"]}},
         "spouts":{"word":{"config":{"topology.component.parallelism":"2"},"spout_type":"default",
           "spout_source":"NA","version":"NA","outputs":[{"stream_name":"default"}],"extra_links":[]}},
         "stages":1}
        """;

    public static readonly string[] LogicalPlanMaps = ["$.bolts", "$.spouts"];

    public static readonly string[] LogicalPlanFree = ["$.bolts.*.config", "$.spouts.*.config"];

    public const string PhysicalPlan = """
        {"instances":{"container_1_word_1":{"id":"container_1_word_1","name":"word","stmgr_id":"stmgr-1",
             "logfile":"http://127.0.0.1:18999/file/log-files/container_1_word_1.log.0"}},
         "instance_groups":{"container_1":["container_1_word_1","container_1_exclaim_2"],
                            "container_2":["container_2_word_3","container_2_exclaim_4"]},
         "stmgrs":{"stmgr-1":{"id":"stmgr-1","host":"127.0.0.1","port":3001,"shell_port":18999,
             "cwd":"/path/to/container/sandbox","pid":101,"joburl":"http://127.0.0.1:18999/browse/",
             "logfiles":"http://127.0.0.1:18999/browse/log-files",
             "instance_ids":["container_1_word_1","container_1_exclaim_2"]}},
         "spouts":{"word":["container_1_word_1","container_2_word_3"]},
         "bolts":{"exclaim":["container_1_exclaim_2","container_2_exclaim_4"]},
         "config":{"topology.message.timeout.secs":"30","topology.py.blob":{"value":"{}","raw":"0102"}},
         "components":{"word":{"config":{"topology.component.parallelism":"2"}},
                       "exclaim":{"config":{"topology.component.parallelism":"2"}}}}
        """;

    public static readonly string[] PhysicalPlanMaps = ["$.instances", "$.instance_groups", "$.stmgrs", "$.spouts", "$.bolts", "$.components"];

    public static readonly string[] PhysicalPlanFree = ["$.config", "$.components.*.config"];

    public const string PackingPlan = """
        {"id":"WordCount-uuid","container_plans":[{"id":1,
          "instances":[{"component_name":"word","task_id":1,"component_index":0,
                        "instance_resources":{"cpu":1.0,"ram":1073741824,"disk":2147483648}}],
          "required_resources":{"cpu":3.0,"ram":3221225472,"disk":5368709120},
          "scheduled_resources":{"cpu":4.0,"ram":4294967296,"disk":4294967296}}]}
        """;

    public const string SchedulerLocation = """
        {"name":"WordCount","http_endpoint":"127.0.0.1:5555","job_page_link":"http://jobs.example/WordCount"}
        """;

    public const string TManagerLocation = """
        {"name":"WordCount","id":"WordCount-uuid","host":"127.0.0.1","controller_port":1,"server_port":2,"stats_port":3}
        """;

    public const string RuntimeState = """
        {"has_physical_plan":true,"has_packing_plan":true,"has_tmanager_location":true,"has_scheduler_location":true,"stmgrs":{}}
        """;

    public const string Machines = """{"local":{"default":{"WordCount":["127.0.0.1"]}}}""";

    public static readonly string[] TreeMaps = ["$", "$.*", "$.*.*"];

    /// <summary><c>/info</c>: the keys in HEAD order, each part shaped as its own endpoint.</summary>
    public static string Info(string executionState, string logicalPlan, string physicalPlan) => $$"""
        {"execution_state":{{executionState}},"id":"WordCount-uuid","logical_plan":{{logicalPlan}},
         "metadata":{{Metadata}},"name":"WordCount","packing_plan":{{PackingPlan}},
         "physical_plan":{{physicalPlan}},"runtime_state":{{RuntimeState}},
         "scheduler_location":{{SchedulerLocation}},"tmanager_location":{{TManagerLocation}}}
        """;

    // The envelope style's documented differences (Tornado): the instance key stmgrId, the
    // pre-rename has_tmaster_location, and spouts also carrying Tornado's type/source.
    public static string EnvelopeExecutionState => ExecutionState.Replace(
        "\"has_tmanager_location\":true,", "\"has_tmanager_location\":true,\"has_tmaster_location\":true,", StringComparison.Ordinal);

    public static string EnvelopePhysicalPlan => PhysicalPlan.Replace("\"stmgr_id\"", "\"stmgrId\"", StringComparison.Ordinal);

    public static string EnvelopeLogicalPlan => LogicalPlan.Replace(
        "\"spout_source\":\"NA\",", "\"spout_source\":\"NA\",\"type\":\"default\",\"source\":\"NA\",", StringComparison.Ordinal);
}
