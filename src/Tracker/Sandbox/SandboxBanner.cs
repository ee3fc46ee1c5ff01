using System.Text;
using Tracker.Sandbox.Hadoop;

namespace Tracker.Sandbox;

/// <summary>What a person trying <c>--sandbox</c> needs first: where the gateway is, who can log in, which jobs to look at.</summary>
public static class SandboxBanner
{
    public static string Format(string gateway, IReadOnlyDictionary<string, string> users, IReadOnlyList<DemoWorkflowJob> jobs)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("Sandbox: an emulated Knox/Oozie/WebHDFS/YARN cluster and Heron topologies");
        text.AppendLine($"  Knox gateway  {gateway}");
        text.AppendLine($"  Users         {string.Join(", ", users.Select(u => $"{u.Key} / {u.Value}"))}");
        if (jobs.Count > 0)
        {
            text.AppendLine("  Demo jobs");
            var width = jobs.Max(j => j.Id.Length);
            foreach (var job in jobs)
            {
                text.AppendLine($"    {job.Id.PadRight(width)}  {job.User,-6} {job.Kind}: {job.Description}");
            }
        }

        text.AppendLine();
        return text.ToString();
    }
}
