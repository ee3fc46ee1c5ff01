using Tracker.Jobs.Apis;
using Tracker.Jobs.Storage;

namespace Tracker.Jobs.Tests.Apis;

/// <summary>The one definition of <c>finished</c> and <c>succeeded</c> every response uses.</summary>
public sealed class JobShapesTests
{
    private const string JobId = "0000001-180716060648641-oozie-W";

    [Theory]
    [InlineData("RUNNING", "Succeeded", false, false, false)]
    [InlineData("FAILED", "Succeeded", false, true, true)]
    [InlineData("FAILED", "Failed", false, true, false)]
    // Made while the job ran: once the job has ended it is made again, so it is not the last word yet.
    [InlineData("FAILED", "Failed", true, false, false)]
    [InlineData("FAILED", "Succeeded", true, false, false)]
    [InlineData("FAILED", "Pending", false, false, false)]
    public void Finished_means_the_job_ended_and_every_copy_is_final_and_made_after_the_end(
        string status, string state, bool partial, bool finished, bool succeeded)
    {
        var job = new TrackedJob { Owner = "alice", JobId = JobId, Status = status, ApplicationIds = ["1_1"] };
        var copy = new ApplicationCopy { Owner = "alice", JobId = JobId, ApplicationId = "1_1", State = Enum.Parse<CopyState>(state), Partial = partial };

        var outcome = JobShapes.Outcome(job, new Dictionary<string, ApplicationCopy> { ["1_1"] = copy });

        Assert.Equal((finished, succeeded), outcome);
    }
}
