using Google.Protobuf;
using Tracker.Heron.Proto;

namespace Tracker.Heron.Tests.Proto;

/// <summary>Bytes laid out by the contract's field tables (§2.2) decode into the generated messages.</summary>
public sealed class WireCompatibilityTests
{
    [Fact]
    public void Physical_plan_with_topology_stream_managers_and_instances_decodes()
    {
        var config = new WireBytes()
            .Message(1, new WireBytes().String(1, "topology.message.timeout.secs").String(2, "30").Varint(4, 1))
            .Message(1, new WireBytes().String(1, "blob").Bytes(3, [0xAC, 0xED]).Varint(4, 2));
        var spout = new WireBytes()
            .Message(1, new WireBytes().String(1, "word").String(2, "WordSpout").Message(3, new WireBytes()).Varint(5, 1))
            .Message(2, new WireBytes()
                .Message(1, new WireBytes().String(1, "default").String(2, "word"))
                .Message(2, new WireBytes().Message(1, new WireBytes().String(1, "word").Varint(2, 1))));
        var bolt = new WireBytes()
            .Message(1, new WireBytes().String(1, "count").Message(3, new WireBytes()))
            .Message(2, new WireBytes()
                .Message(1, new WireBytes().String(1, "default").String(2, "word"))
                .Varint(2, 2)
                .Message(3, new WireBytes().Message(1, new WireBytes().String(1, "word").Varint(2, 1))));
        var topology = new WireBytes()
            .String(1, "WordCount-id").String(2, "WordCount")
            .Message(3, spout).Message(4, bolt)
            .Varint(5, 2)
            .Message(6, config);
        var stmgr = new WireBytes()
            .String(1, "stmgr-1").String(2, "host-a").Varint(3, 3001).String(4, "/tmp/sock")
            .String(5, "/sandbox/1").Varint(6, 101).Varint(7, 18999).Varint(8, 3002);
        var instance = new WireBytes()
            .String(1, "container_1_word_1").String(2, "stmgr-1")
            .Message(3, new WireBytes().Varint(1, 1).Varint(2, 0).String(3, "word").String(4, "-Xmx1g").Varint(5, 5005));
        var bytes = new WireBytes().Message(1, topology).Message(2, stmgr).Message(3, instance).ToArray();

        var plan = PhysicalPlan.Parser.ParseFrom(bytes);

        Assert.Equal("WordCount-id", plan.Topology.Id);
        Assert.Equal("WordCount", plan.Topology.Name);
        Assert.Equal(TopologyState.Paused, plan.Topology.State);
        Assert.Equal("word", plan.Topology.Spouts[0].Comp.Name);
        Assert.Equal("WordSpout", plan.Topology.Spouts[0].Comp.ClassName);
        Assert.Equal(ComponentObjectSpec.JavaClassName, plan.Topology.Spouts[0].Comp.Spec);
        Assert.Equal("default", plan.Topology.Spouts[0].Outputs[0].Stream.Id);
        Assert.Equal(Tracker.Heron.Proto.Type.Object, plan.Topology.Spouts[0].Outputs[0].Schema.Keys[0].Type);
        Assert.Equal(Grouping.Fields, plan.Topology.Bolts[0].Inputs[0].Gtype);
        Assert.Equal("word", plan.Topology.Bolts[0].Inputs[0].GroupingFields.Keys[0].Key);
        var kvs = plan.Topology.TopologyConfig.Kvs;
        Assert.Equal(("topology.message.timeout.secs", "30", ConfigValueType.StringValue), (kvs[0].Key, kvs[0].Value, kvs[0].Type));
        Assert.Equal(new byte[] { 0xAC, 0xED }, kvs[1].SerializedValue.ToByteArray());
        Assert.Equal(ConfigValueType.JavaSerializedValue, kvs[1].Type);

        var s = plan.Stmgrs[0];
        Assert.Equal(("stmgr-1", "host-a", 3001, "/tmp/sock", "/sandbox/1", 101, 18999, 3002),
            (s.Id, s.HostName, s.DataPort, s.LocalEndpoint, s.Cwd, s.Pid, s.ShellPort, s.LocalDataPort));
        var i = plan.Instances[0];
        Assert.Equal(("container_1_word_1", "stmgr-1", 1, 0, "word", "-Xmx1g", 5005),
            (i.InstanceId, i.StmgrId, i.Info.TaskId, i.Info.ComponentIndex, i.Info.ComponentName, i.Info.Params[0], i.Info.RemoteDebuggerPort));
    }

    [Fact]
    public void Stream_manager_without_shell_port_reports_it_absent()
    {
        var bytes = new WireBytes().String(1, "stmgr-2").String(2, "h").Varint(3, 1).String(4, "e").ToArray();

        var stmgr = StMgr.Parser.ParseFrom(bytes);

        Assert.False(stmgr.HasShellPort);
        Assert.False(stmgr.HasCwd);
    }

    [Fact]
    public void Execution_state_decodes()
    {
        var bytes = new WireBytes()
            .String(1, "WordCount").String(2, "WordCount-id").Varint(3, 1_700_000_000).String(4, "alice")
            .String(5, "local").String(6, "default").String(7, "alice")
            .Message(8, new WireBytes().String(1, "builder").String(2, "v1").String(3, "0.20.5-incubating"))
            .ToArray();

        var state = ExecutionState.Parser.ParseFrom(bytes);

        Assert.Equal(("WordCount", "WordCount-id", 1_700_000_000L, "alice", "local", "default", "alice"),
            (state.TopologyName, state.TopologyId, state.SubmissionTime, state.SubmissionUser, state.Cluster, state.Environ, state.Role));
        Assert.Equal(("builder", "v1", "0.20.5-incubating"),
            (state.ReleaseState.ReleaseUsername, state.ReleaseState.ReleaseTag, state.ReleaseState.ReleaseVersion));
    }

    [Fact]
    public void Packing_plan_decodes_with_optional_scheduled_resource()
    {
        var resource = new WireBytes().Double(1, 1.5).Varint(2, 1L << 30).Varint(3, 2L << 30);
        var container = new WireBytes()
            .Varint(1, 1)
            .Message(2, new WireBytes().String(1, "word").Varint(2, 1).Varint(3, 0).Message(4, resource))
            .Message(3, resource)
            .Message(4, new WireBytes().Double(1, 4).Varint(2, 4L << 30).Varint(3, 8L << 30));
        var bare = new WireBytes().Varint(1, 2).Message(3, resource);
        var bytes = new WireBytes().String(1, "pp-1").Message(2, container).Message(2, bare).ToArray();

        var plan = PackingPlan.Parser.ParseFrom(bytes);

        Assert.Equal("pp-1", plan.Id);
        var first = plan.ContainerPlans[0];
        Assert.Equal((1, "word", 1, 0), (first.Id, first.InstancePlans[0].ComponentName, first.InstancePlans[0].TaskId, first.InstancePlans[0].ComponentIndex));
        Assert.Equal((1.5, 1L << 30, 2L << 30), (first.RequiredResource.Cpu, first.RequiredResource.Ram, first.RequiredResource.Disk));
        Assert.Equal(8L << 30, first.ScheduledResource.Disk);
        Assert.Null(plan.ContainerPlans[1].ScheduledResource);
    }

    [Fact]
    public void Locations_decode_including_the_old_tmaster_layout()
    {
        var tmanager = TManagerLocation.Parser.ParseFrom(new WireBytes()
            .String(1, "WordCount").String(2, "id").String(3, "10.0.0.1").Varint(4, 1).Varint(5, 2).Varint(6, 3).ToArray());
        var cache = MetricsCacheLocation.Parser.ParseFrom(new WireBytes()
            .String(1, "WordCount").String(2, "id").String(3, "h").Varint(4, 4).Varint(5, 5).ToArray());
        var scheduler = SchedulerLocation.Parser.ParseFrom(new WireBytes()
            .String(1, "WordCount").String(2, "127.0.0.1:5555").String(3, "http://a").String(3, "http://b").ToArray());

        Assert.Equal(("10.0.0.1", 1, 2, 3), (tmanager.Host, tmanager.ControllerPort, tmanager.ServerPort, tmanager.StatsPort));
        Assert.False(cache.HasStatsPort);
        Assert.Equal(5, cache.ServerPort);
        Assert.Equal(["http://a", "http://b"], scheduler.JobPageLink);
        Assert.Equal("127.0.0.1:5555", scheduler.HttpEndpoint);
    }

    [Fact]
    public void Metric_request_and_response_decode()
    {
        var request = MetricRequest.Parser.ParseFrom(new WireBytes()
            .String(1, "word").String(2, "container_1_word_1").String(3, "__emit-count/default")
            .Varint(4, 600).Message(5, new WireBytes().Varint(1, 100).Varint(2, 200)).Varint(6, 1).ToArray());
        Assert.Equal(("word", "container_1_word_1", "__emit-count/default", 600L, 100L, 200L, true),
            (request.ComponentName, request.InstanceId[0], request.Metric[0], request.Interval,
             request.ExplicitInterval.Start, request.ExplicitInterval.End, request.Minutely));

        var intervalValue = new WireBytes().String(1, "42.000000").Message(2, new WireBytes().Varint(1, 60).Varint(2, 120));
        var individual = new WireBytes().String(1, "__emit-count/default").String(2, "7.000000").Message(3, intervalValue);
        var response = MetricResponse.Parser.ParseFrom(new WireBytes()
            .Message(1, new WireBytes().Varint(1, 2).String(2, "Unknown component: x"))
            .Message(2, new WireBytes().String(1, "container_1_word_1").Message(2, individual))
            .Varint(3, 60).ToArray());

        Assert.Equal(StatusCode.Notok, response.Status.Status_);
        Assert.Equal("Unknown component: x", response.Status.Message);
        Assert.Equal(60, response.Interval);
        var metric = response.Metric[0].Metric[0];
        Assert.Equal(("container_1_word_1", "__emit-count/default", "7.000000"), (response.Metric[0].InstanceId, metric.Name, metric.Value));
        Assert.Equal(("42.000000", 60L, 120L), (metric.IntervalValues[0].Value, metric.IntervalValues[0].Interval.Start, metric.IntervalValues[0].Interval.End));
    }

    [Fact]
    public void Exception_and_registration_messages_decode()
    {
        var log = new WireBytes()
            .String(1, "count").String(2, "host").String(3, "container_1_count_4").String(4, "java.lang.RuntimeException: boom")
            .String(5, "Wed Mar 01 09:11:03 UTC 2023").String(6, "Wed Mar 01 09:10:03 UTC 2023").Varint(7, 3).String(8, "oops");
        var response = ExceptionLogResponse.Parser.ParseFrom(new WireBytes()
            .Message(1, new WireBytes().Varint(1, 1).String(2, "OK")).Message(2, log).ToArray());
        var request = ExceptionLogRequest.Parser.ParseFrom(new WireBytes().String(1, "count").String(2, "a").String(2, "b").ToArray());
        var summary = StmgrsRegistrationSummaryResponse.Parser.ParseFrom(new WireBytes()
            .String(1, "stmgr-1").String(2, "stmgr-2").ToArray());

        var e = response.Exceptions[0];
        Assert.Equal(StatusCode.Ok, response.Status.Status_);
        Assert.Equal(("count", "host", "container_1_count_4", "java.lang.RuntimeException: boom", "Wed Mar 01 09:11:03 UTC 2023", "Wed Mar 01 09:10:03 UTC 2023", 3, "oops"),
            (e.ComponentName, e.Hostname, e.InstanceId, e.Stacktrace, e.Lasttime, e.Firsttime, e.Count, e.Logging));
        Assert.Equal(["a", "b"], request.Instances);
        Assert.Equal(["stmgr-1"], summary.RegisteredStmgrs);
        Assert.Equal(["stmgr-2"], summary.AbsentStmgrs);
        Assert.Empty(StmgrsRegistrationSummaryRequest.Parser.ParseFrom([]).ToByteArray());
    }

    [Fact]
    public void Encoding_uses_the_same_field_numbers()
    {
        var location = new TManagerLocation { TopologyName = "t", TopologyId = "i", Host = "h", ControllerPort = 1, ServerPort = 2, StatsPort = 3 };

        var expected = new WireBytes().String(1, "t").String(2, "i").String(3, "h").Varint(4, 1).Varint(5, 2).Varint(6, 3).ToArray();

        Assert.Equal(expected, location.ToByteArray());
    }
}
