namespace Tracker.Hadoop.Oozie;

/// <summary>
/// The answer to a question about one Oozie job: found, or unknown to Oozie (HTTP 400 with
/// <c>E0604</c>, "Job does not exist"). Oozie never answers 404 for a missing job, so this is the only
/// way a caller learns that a job id is wrong or purged.
/// </summary>
public abstract record OozieLookup<T>
    where T : notnull
{
    private OozieLookup()
    {
    }

    public sealed record Found(T Value) : OozieLookup<T>;

    public sealed record NotFound(string JobId, string ErrorCode, string Message) : OozieLookup<T>;
}
