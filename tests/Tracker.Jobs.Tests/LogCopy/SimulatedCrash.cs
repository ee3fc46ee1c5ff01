namespace Tracker.Jobs.Tests.LogCopy;

/// <summary>
/// Stands for the process dying at a named point: thrown by the fakes of the Hadoop clients, it is no
/// <see cref="Tracker.Hadoop.HadoopException"/>, so nothing in Tracker catches it and nothing after it runs.
/// </summary>
internal sealed class SimulatedCrash(string point) : Exception($"Simulated crash at {point}");

/// <summary>One armed crash point shared by the fakes; it fires once, as a process dies once.</summary>
internal sealed class CrashSwitch
{
    private string? _armed;

    public void Arm(string point) => _armed = point;

    public void At(string point)
    {
        if (_armed == point)
        {
            _armed = null;
            throw new SimulatedCrash(point);
        }
    }

    /// <summary>Whether the armed crash has not fired yet (a test that arms one must see it fire).</summary>
    public bool Pending => _armed is not null;
}

/// <summary>The points where the fakes can crash, named by the upstream call they interrupt.</summary>
internal static class CrashPoints
{
    /// <summary>The first upload of an attempt, right after the attempt was recorded.</summary>
    public const string BeforeUpload = "webhdfs:mkdirs";

    /// <summary>Oozie is asked to start the workflow but dies before accepting it.</summary>
    public const string BeforeOozieAccepts = "oozie:submit:before";

    /// <summary>Oozie accepted the workflow; its answer never reaches Tracker.</summary>
    public const string AfterOozieAccepted = "oozie:submit:after";

    /// <summary>While following: the status call of the copy workflow.</summary>
    public const string WhileFollowing = "oozie:status";

    /// <summary>While verifying: the status call of the copied file.</summary>
    public const string WhileVerifying = "webhdfs:getfilestatus";

    /// <summary>Before the attempt's directory is deleted.</summary>
    public const string BeforeClean = "webhdfs:delete:before";

    /// <summary>The directory was deleted; the attempt is not marked cleaned yet.</summary>
    public const string AfterClean = "webhdfs:delete:after";
}
