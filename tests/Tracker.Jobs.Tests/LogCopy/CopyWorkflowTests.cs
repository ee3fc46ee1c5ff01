using System.Xml.Linq;
using Tracker.Jobs.LogCopy;

namespace Tracker.Jobs.Tests.LogCopy;

public sealed class CopyWorkflowTests
{
    private static readonly LogCopyOptions Options = new()
    {
        ResourceManager = "rm.example:8032",
        NameNode = "hdfs://nn.example:8020",
        Queue = "research",
        LogRoot = "/user/{user}/WORK/logs",
    };

    [Fact]
    public void Definition_IsTheContractsShellWorkflow_WithConfiguredSiteValues()
    {
        var xml = XDocument.Parse(CopyWorkflow.Definition(Options, "/user/jane/WORK/logs", "0030161-180716060648641-oozie-W", "1529519049029_420001", "/user/jane/WORK/logs/abc"));
        XNamespace wf = "uri:oozie:workflow:0.5";
        XNamespace sh = "uri:oozie:shell-action:0.1";
        Assert.Equal("shell-1529519049029_420001", xml.Root!.Attribute("name")!.Value);
        var shell = xml.Root.Element(wf + "action")!.Element(sh + "shell")!;
        Assert.Equal("rm.example:8032", shell.Element(sh + "job-tracker")!.Value);
        Assert.Equal("hdfs://nn.example:8020", shell.Element(sh + "name-node")!.Value);
        Assert.Equal("research", shell.Descendants(sh + "value").Single().Value);
        Assert.Equal("copy.sh", shell.Element(sh + "exec")!.Value);
        Assert.Equal(
            ["/user/jane/WORK/logs", "0030161-180716060648641-oozie-W", "application_1529519049029_420001"],
            shell.Elements(sh + "argument").Select(a => a.Value));
        Assert.Equal("/user/jane/WORK/logs/abc/copy.sh", shell.Element(sh + "file")!.Value);
    }

    [Fact]
    public void Script_FailsOnYarnErrorsAndEmptyOutput_AndRenamesIntoPlace()
    {
        var script = CopyWorkflow.Script(Options);
        Assert.Contains("set -o pipefail", script);
        Assert.Contains("yarn logs -applicationId \"$app\"", script);
        Assert.Contains("hdfs dfs -test -s \"$temporary\" || hdfs dfs -rm -f \"$temporary\"", script);
        Assert.Contains("hdfs dfs -test -e \"$target\" || exit 1", script);
        Assert.Contains("hdfs dfs -mv \"$temporary\" \"$target\"", script);
        Assert.StartsWith("#!/bin/bash", script);
        Assert.Contains("hdfs dfs -chmod 700 \"$logdir\" \"$logdir/$job\" || exit 1", script);
        Assert.Contains("hdfs dfs -chmod 600 \"$temporary\" || hdfs dfs -rm -f \"$temporary\"", script);
        Assert.Contains("hdfs dfs -chmod 750 ", CopyWorkflow.Script(new LogCopyOptions { Permission = "640" }));
    }

    [Fact]
    public void Properties_CarryTheirOwnValues_NotTheUserName()
    {
        var properties = CopyWorkflow.Properties(Options, "jane", "/user/jane/WORK/logs/abc");
        Assert.Equal("rm.example:8032", properties["jobTracker"]);
        Assert.Equal("hdfs://nn.example:8020", properties["nameNode"]);
        Assert.Equal("jane", properties["user.name"]);
        Assert.Equal("hdfs://nn.example:8020/user/jane/WORK/logs/abc/workflow.xml", properties["oozie.wf.application.path"]);
    }

    [Fact]
    public void LogPath_IsTheContractsLayout()
    {
        Assert.Equal("/user/jane/WORK/logs/0030161-180716060648641-oozie-W/application_1_2.log",
            CopyWorkflow.LogPath(Options.LogDirectory("jane"), "0030161-180716060648641-oozie-W", "1_2"));
    }
}
