namespace Tracker.Hadoop.Tests.Contract;

/// <summary>
/// Wire examples taken from docs/contract/jobs.md (section in each comment).
/// The client tests replay them from a scripted server; the sandbox tests hold the emulator's answers
/// to the same shapes, so neither side can drift from the documented systems.
/// </summary>
public static class ReferenceExamples
{
    /// <summary>§7.1: the v2 workflow job-info example of Oozie's WebServicesAPI (normalised to valid JSON).</summary>
    public const string JobInfoV2 = """
        {"jobType": "workflow", "id": "0-200905191240-oozie-W", "appName": "indexer-workflow",
         "appPath": "hdfs://user/bansalm/indexer.wf", "externalId": "0-200905191230-oozie-pepe",
         "user": "bansalm", "group": "other", "status": "RUNNING", "conf": "<configuration> ... </configuration>",
         "createdTime": "Thu, 01 Jan 2009 00:00:00 GMT", "startTime": "Fri, 02 Jan 2009 00:00:00 GMT",
         "endTime": null, "run": 0,
         "actions": [{"id": "0-200905191240-oozie-W@indexer", "name": "indexer", "type": "map-reduce",
                      "conf": "<configuration> ...</configuration>", "startTime": "Thu, 01 Jan 2009 00:00:00 GMT",
                      "endTime": "Fri, 02 Jan 2009 00:00:00 GMT", "status": "OK", "externalId": "job-123-200903101010",
                      "externalStatus": "SUCCEEDED", "trackerUri": "foo:8021",
                      "consoleUrl": "http://foo:50040/jobdetailshistory.jsp?jobId=job-123-200903101010",
                      "transition": "reporter", "data": null, "stats": null,
                      "externalChildIDs": "job-123-200903101011", "errorCode": null, "errorMessage": null, "retries": 0}]}
        """;

    /// <summary>§7.1: the fields <c>WorkflowJobBean.toJSONObject</c> emits (the docs' <c>jobType</c> is not among them).</summary>
    public static readonly string[] WorkflowJobFields =
    [
        "appPath", "appName", "id", "externalId", "parentId", "conf", "status", "lastModTime", "createdTime",
        "startTime", "endTime", "user", "group", "acl", "run", "consoleUrl", "actions", "toString",
    ];

    /// <summary>§7.1: the fields <c>WorkflowActionBean.toJSONObject</c> emits.</summary>
    public static readonly string[] WorkflowActionFields =
    [
        "id", "name", "cred", "type", "conf", "status", "retries", "startTime", "endTime", "transition", "data",
        "stats", "externalChildIDs", "externalId", "externalStatus", "trackerUri", "consoleUrl", "errorCode",
        "errorMessage", "toString", "userRetryInterval", "userRetryCount", "userRetryMax",
    ];

    /// <summary>§2.10 / §7.1: a jobs listing (list entries carry no actions).</summary>
    public const string JobsListing = """
        {"workflows": [{"appPath": "hdfs://sandbox/user/jane/app", "acl": null, "status": "KILLED",
          "createdTime": "Thu, 19 Jul 2018 13:30:00 GMT", "conf": null, "lastModTime": "Thu, 19 Jul 2018 13:34:56 GMT",
          "run": 0, "endTime": "Thu, 19 Jul 2018 13:34:56 GMT", "externalId": null, "appName": "nightly",
          "id": "0030161-180716060648641-oozie-W", "startTime": "Thu, 19 Jul 2018 13:30:01 GMT", "parentId": null,
          "toString": "Workflow id[0030161-180716060648641-oozie-W] status[KILLED]", "group": null,
          "consoleUrl": "http://oozie:11000/oozie?job=0030161-180716060648641-oozie-W", "user": "jane", "actions": []}],
         "total": 1002, "offset": 1, "len": 50}
        """;

    /// <summary>
    /// §7.1 coordinator job info, in the server's field names (Oozie's <c>CoordinatorJobBean.toJSONObject</c> and
    /// <c>CoordinatorActionBean.toJSONObject</c>; the docs' example uses the workflow names, which the server does
    /// not emit): a coordinator of a bundle with one materialised action.
    /// </summary>
    public const string CoordinatorInfo = """
        {"total": 2, "pauseTime": null, "coordJobName": "hourly-report", "coordJobPath": "hdfs://nn:8020/user/jane/coord",
         "timeZone": "UTC", "frequency": "60", "conf": "<configuration/>", "endTime": "Tue, 19 Apr 2016 10:15:00 GMT",
         "executionPolicy": "FIFO", "startTime": "Mon, 18 Apr 2016 10:15:00 GMT", "timeUnit": "MINUTE", "concurrency": 1,
         "coordJobId": "0000010-130426111815091-oozie-oozi-C", "lastAction": "Mon, 18 Apr 2016 12:15:00 GMT",
         "status": "RUNNINGWITHERROR", "acl": null, "mat_throttling": 12, "timeOut": 120,
         "nextMaterializedTime": "Mon, 18 Apr 2016 12:15:00 GMT", "bundleId": "0000009-130426111815091-oozie-oozi-B",
         "toString": "Coordinator application id[0000010-130426111815091-oozie-oozi-C] status[RUNNINGWITHERROR]",
         "coordExternalId": null, "group": null, "user": "jane", "consoleUrl": null,
         "actions": [{"id": "0000010-130426111815091-oozie-oozi-C@2", "coordJobId": "0000010-130426111815091-oozie-oozi-C",
                      "type": null, "actionNumber": 2, "createdConf": "<configuration/>", "createdTime": "Mon, 18 Apr 2016 11:15:00 GMT",
                      "nominalTime": "Mon, 18 Apr 2016 11:15:00 GMT", "externalId": "0000012-130426111815091-oozie-oozi-W",
                      "status": "FAILED", "runConf": "<configuration/>", "lastModifiedTime": "Mon, 18 Apr 2016 11:21:00 GMT",
                      "missingDependencies": "", "pushMissingDependencies": null, "externalStatus": null, "trackerUri": null,
                      "consoleUrl": null, "errorCode": null, "errorMessage": null,
                      "toString": "CoordinatorAction name[0000010-130426111815091-oozie-oozi-C@2] status[FAILED]"}]}
        """;

    /// <summary>§7.1: the fields <c>CoordinatorJobBean.toJSONObject</c> emits.</summary>
    public static readonly string[] CoordinatorJobFields =
    [
        "coordJobPath", "coordJobName", "coordJobId", "coordExternalId", "bundleId", "conf", "status", "executionPolicy",
        "frequency", "timeUnit", "timeZone", "concurrency", "timeOut", "lastAction", "nextMaterializedTime", "startTime",
        "endTime", "pauseTime", "user", "group", "acl", "consoleUrl", "mat_throttling", "actions", "toString", "total",
    ];

    /// <summary>§7.1: the fields <c>CoordinatorActionBean.toJSONObject</c> emits.</summary>
    public static readonly string[] CoordinatorActionFields =
    [
        "id", "coordJobId", "type", "actionNumber", "createdConf", "createdTime", "nominalTime", "externalId", "status",
        "runConf", "lastModifiedTime", "missingDependencies", "pushMissingDependencies", "externalStatus", "trackerUri",
        "consoleUrl", "errorCode", "errorMessage", "toString",
    ];

    /// <summary>§7.1 bundle job info in the server's field names (<c>BundleJobBean.toJSONObject</c>); coordinators come without actions.</summary>
    public const string BundleInfo = """
        {"bundleJobPath": "hdfs://nn:8020/user/jane/bundle", "bundleJobName": "nightly-bundle",
         "bundleJobId": "0000009-130426111815091-oozie-oozi-B", "bundleExternalId": null, "conf": "<configuration/>",
         "status": "RUNNING", "timeUnit": "NONE", "timeOut": 0, "kickoffTime": "Mon, 18 Apr 2016 10:00:00 GMT",
         "startTime": "Mon, 18 Apr 2016 10:00:00 GMT", "endTime": "Tue, 19 Apr 2016 10:15:00 GMT", "pauseTime": null,
         "createdTime": "Mon, 18 Apr 2016 09:59:00 GMT", "user": "jane", "group": null, "acl": null, "consoleUrl": null,
         "toString": "Bundle id[0000009-130426111815091-oozie-oozi-B] status[RUNNING]",
         "bundleCoordJobs": [{"total": 0, "pauseTime": null, "coordJobName": "hourly-report", "coordJobPath": "hdfs://nn:8020/user/jane/coord",
           "timeZone": "UTC", "frequency": "60", "conf": null, "endTime": "Tue, 19 Apr 2016 10:15:00 GMT", "executionPolicy": "FIFO",
           "startTime": "Mon, 18 Apr 2016 10:15:00 GMT", "timeUnit": "MINUTE", "concurrency": 1,
           "coordJobId": "0000010-130426111815091-oozie-oozi-C", "lastAction": null, "status": "RUNNING", "acl": null,
           "mat_throttling": 12, "timeOut": 120, "nextMaterializedTime": null, "bundleId": "0000009-130426111815091-oozie-oozi-B",
           "toString": "Coordinator application id[0000010-130426111815091-oozie-oozi-C] status[RUNNING]", "coordExternalId": null,
           "group": null, "user": "jane", "consoleUrl": null, "actions": []}]}
        """;

    /// <summary>§7.1: the fields <c>BundleJobBean.toJSONObject</c> emits.</summary>
    public static readonly string[] BundleJobFields =
    [
        "bundleJobPath", "bundleJobName", "bundleJobId", "bundleExternalId", "conf", "status", "timeUnit", "timeOut",
        "kickoffTime", "startTime", "endTime", "pauseTime", "createdTime", "user", "group", "acl", "consoleUrl",
        "bundleCoordJobs", "toString",
    ];

    /// <summary>§7.1: the answer to a submission.</summary>
    public const string SubmitAnswer = """{"id": "job-3"}""";

    /// <summary>§7.1: the lighter status call.</summary>
    public const string StatusAnswer = """{"status": "SUCCEEDED"}""";

    /// <summary>§7.2: a ResourceManager application.</summary>
    public const string RmApplication = """
        {"app": {"id": "application_1326821518301_0005", "user": "user1", "name": "Sleep job", "applicationType": "Yarn",
                 "queue": "a1", "state": "FINISHED", "finalStatus": "SUCCEEDED", "progress": 100, "trackingUI": "History",
                 "trackingUrl": "http://host.domain.com:8088/proxy/application_1326821518301_0005/jobhistory/job/job_1326821518301_5_5",
                 "diagnostics": "", "clusterId": 1326821518301, "startedTime": 1326824544552, "finishedTime": 1326824991300,
                 "elapsedTime": 446748,
                 "amContainerLogs": "http://host.domain.com:8042/node/containerlogs/container_1326821518301_0005_01_000001",
                 "amHostHttpAddress": "host.domain.com:8042", "memorySeconds": 151730, "vcoreSeconds": 103}}
        """;

    /// <summary>§7.2: an application's attempts.</summary>
    public const string RmAppAttempts = """
        {"appAttempts": {"appAttempt": [{"id": 1, "nodeId": "host.domain.com:8041", "nodeHttpAddress": "host.domain.com:8042", "startTime": 1326381444693, "containerId": "container_1326821518301_0005_01_000001", "logsLink": "http://host.domain.com:8042/node/containerlogs/container_1326821518301_0005_01_000001/user1"}]}}
        """;

    /// <summary>§7.5: a GETFILESTATUS answer with the fields the reference lists (LISTSTATUS adds childrenNum, fileId, storagePolicy).</summary>
    public const string FileStatus = """
        {"FileStatus": {"accessTime": 1320171722771, "blockSize": 33554432, "group": "supergroup", "length": 24930,
                        "modificationTime": 1320171722771, "owner": "webuser", "pathSuffix": "", "permission": "644",
                        "replication": 1, "type": "FILE"}}
        """;

    public static readonly string[] FileStatusFields =
        ["accessTime", "blockSize", "group", "length", "modificationTime", "owner", "pathSuffix", "permission", "replication", "type"];

    public static readonly string[] ListStatusExtraFields = ["childrenNum", "fileId", "storagePolicy"];

    /// <summary>§7.5: WebHDFS's error body.</summary>
    public const string RemoteExceptionFileNotFound = """
        {"RemoteException": {"exception": "FileNotFoundException", "javaClassName": "java.io.FileNotFoundException", "message": "File does not exist: /foo/a.patch"}}
        """;

    /// <summary>§3.3: the copy workflow as the reference uploads it (U = jane, P and A as shown).</summary>
    public const string CopyWorkflowXml = """
        <workflow-app xmlns="uri:oozie:workflow:0.5" name="shell-1529519049029_420001">
        <start to="shell"/>
        <action name="shell">
          <shell xmlns="uri:oozie:shell-action:0.1">
            <job-tracker>sandbox-RMS:8032</job-tracker>
            <name-node>hdfs://sandbox</name-node>
            <configuration>
              <property>
                <name>mapred.job.queue.name</name>
                <value>HQ_IST</value>
              </property>
            </configuration>
            <exec>copy.sh</exec>
            <argument>/user/jane/WORK/logs</argument>
            <argument>0030161-180716060648641-oozie-W</argument>
            <argument>application_1529519049029_420001</argument>
            <file>/user/jane/WORK/logs/bc8a75d2-af6f-4833-9431-41725d62ffb7/copy.sh</file>
          </shell>
          <ok to="end"/>
          <error to="error"/>
        </action>
        <kill name="error">
          <message>Cannot run copy workflow</message>
        </kill>
        <end name="end"/>
        </workflow-app>
        """;

    /// <summary>§3.2: the reference's copy.sh, step by step (no pipefail: a failing <c>yarn logs</c> still "succeeds").</summary>
    public const string CopyScript = """
        #!/bin/bash
        hdfs dfs -mkdir -p $1/$2
        hdfs dfs -rm $1/$2/$3.log
        yarn logs -applicationId $3 | hdfs dfs -put - $1/$2/$3.log
        """;

    /// <summary>§3.3: the job configuration of a copy workflow (U = jane).</summary>
    public static IReadOnlyDictionary<string, string> CopyConfiguration(string user, string applicationDirectory) => new Dictionary<string, string>
    {
        ["oozie.use.system.libpath"] = "true",
        ["user.name"] = user,
        ["jobTracker"] = "sandbox-RMS:8032",
        ["oozie.wf.application.path"] = $"hdfs://sandbox{applicationDirectory}/workflow.xml",
        ["nameNode"] = "hdfs://sandbox",
    };
}
