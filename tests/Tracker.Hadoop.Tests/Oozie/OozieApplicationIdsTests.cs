using Tracker.Hadoop.Oozie;

namespace Tracker.Hadoop.Tests.Oozie;

public sealed class OozieApplicationIdsTests
{
    [Fact]
    public void Launchers_then_children_are_found_for_oozie_4_and_5_split_and_deduplicated()
    {
        var job = Job(
            Action("a", "job_1529519049029_420001", "job_1529519049029_420002,job_1529519049029_420003"),
            Action("b", "application_1529519049029_420004", "application_1529519049029_420002"),
            Action(":start:", "-", null));

        var ids = OozieApplicationIds.From(job);

        Assert.Equal(
            ["1529519049029_420001", "1529519049029_420004", "1529519049029_420002", "1529519049029_420003"],
            ids);
    }

    [Theory]
    [InlineData("job_1_2", "1_2")]
    [InlineData("application_1529519049029_0005", "1529519049029_0005")]
    [InlineData(" job_1_2 ", "1_2")]
    [InlineData("job-123-200903101010", null)]
    [InlineData("application_1_x", null)]
    [InlineData("-", null)]
    [InlineData(null, null)]
    public void Strip_accepts_only_yarn_and_mapreduce_ids(string? externalId, string? expected)
    {
        Assert.Equal(expected, OozieApplicationIds.Strip(externalId));
    }

    [Fact]
    public void The_yarn_tag_is_oozie_and_64_hex_digits_of_the_action_id()
    {
        var tag = OozieYarnTag.For("0000001-1-oozie-W", "shell");

        Assert.Equal(tag, OozieYarnTag.For("0000001-1-oozie-W@shell"));
        Assert.StartsWith("oozie-", tag);
        Assert.Equal(70, tag.Length);
        Assert.Matches("^oozie-[0-9a-f]{64}$", tag);
        Assert.NotEqual(tag, OozieYarnTag.For("0000001-1-oozie-W@other"));
    }

    private static WorkflowJob Job(params WorkflowAction[] actions) => new(
        "0000001-1-oozie-W", "app", null, "alice", null, OozieStatus.Failed, null, null, null, null, null, null, null, 0, null, actions);

    private static WorkflowAction Action(string name, string? externalId, string? children) => new(
        $"0000001-1-oozie-W@{name}", name, "map-reduce", "OK", externalId, null, children, null, null, null, null, null, null, null, 0);
}
