using Tracker.Sandbox.Hadoop.Hdfs;
using Tracker.Sandbox.Hadoop.Oozie;

namespace Tracker.Sandbox.Hadoop;

/// <summary>
/// What a newcomer finds in the sandbox: per user, a succeeded, a failed (two applications), a killed
/// and a long-running workflow job, an ended coordinator whose second of three runs failed, a bundle
/// holding a coordinator whose second run was killed, plus a README in the user's home.
/// </summary>
internal static class DemoContent
{
    public static IReadOnlyList<DemoWorkflowJob> Create(OozieServer oozie, HdfsFileTree hdfs, IEnumerable<string> users, DateTimeOffset now)
    {
        var jobs = new List<DemoWorkflowJob>();
        foreach (var user in users.Order(StringComparer.Ordinal))
        {
            var hour = TimeSpan.FromHours(1);
            Add(user, "succeeded", "word-count", new("SUCCEEDED", TimeSpan.FromMinutes(3), 1, true, 4), now - 3 * hour, "one application, ended SUCCEEDED");
            Add(user, "failed", "daily-aggregation", new("FAILED", TimeSpan.FromMinutes(7), 2, true, 4), now - 2 * hour, "a launcher and a MapReduce child, ended FAILED");
            Add(user, "killed", "hourly-import", new("KILLED", TimeSpan.FromMinutes(2), 1, true, 4), now - hour, "one application, ended KILLED");
            Add(user, "running", "streaming-ingest", new("RUNNING", TimeSpan.FromDays(7), 1, true, 4), now - TimeSpan.FromMinutes(5), "RUNNING until killed");

            var coordinator = oozie.AddCoordinator(user, "hourly-report", "hourly-report-wf",
                [new("SUCCEEDED", TimeSpan.FromMinutes(4), 1, true, 4), new("FAILED", TimeSpan.FromMinutes(6), 2, true, 4), new("SUCCEEDED", TimeSpan.FromMinutes(4), 1, true, 4)],
                now - 4 * hour, hour);
            jobs.Add(new DemoWorkflowJob(user, coordinator.Id, "coordinator",
                "hourly-report: three hourly workflows, the second FAILED with two applications; ended DONEWITHERROR"));
            var bundle = oozie.AddBundle(user, "nightly-bundle", now - 6 * hour, bundleId =>
            [
                oozie.AddCoordinator(user, "nightly-export", "nightly-export-wf",
                    [new("SUCCEEDED", TimeSpan.FromMinutes(3), 1, true, 4), new("KILLED", TimeSpan.FromMinutes(2), 1, true, 4)],
                    now - 6 * hour, 2 * hour, bundleId),
            ]);
            jobs.Add(new DemoWorkflowJob(user, bundle.Id, "bundle",
                "nightly-bundle: coordinator nightly-export, whose second workflow was KILLED; ended DONEWITHERROR"));
            var readme = $"/user/{user}/README.txt";
            if (!hdfs.Exists(readme))
            {
                using var text = new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"Home of {user} in the Tracker sandbox.\n"));
                hdfs.WriteAsync(HdfsFileTree.SuperUser, readme, overwrite: false, text, CancellationToken.None).GetAwaiter().GetResult();
            }
        }

        return jobs;

        void Add(string user, string kind, string appName, OozieServer.ScriptedJob plan, DateTimeOffset created, string description)
        {
            var job = oozie.AddScripted(user, appName, plan, created);
            jobs.Add(new DemoWorkflowJob(user, job.Id, kind, description));
        }
    }
}
