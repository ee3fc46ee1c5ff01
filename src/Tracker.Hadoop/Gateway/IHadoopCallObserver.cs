namespace Tracker.Hadoop;

/// <summary>
/// Told about every call through the gateway once it is over (retries included), so the application can
/// measure them without this library knowing how. Register any number; none is needed.
/// </summary>
public interface IHadoopCallObserver
{
    /// <param name="service">The service behind the gateway the call went to.</param>
    /// <param name="elapsed">From the first attempt to the answer or the failure.</param>
    /// <param name="errorType">
    /// Null for an answer below 500; otherwise <c>unauthorized</c> (Knox refused the credentials),
    /// <c>timeout</c>, <c>unreachable</c> or the 5xx status code (<c>503</c>).
    /// </param>
    void CallCompleted(HadoopService service, TimeSpan elapsed, string? errorType);
}
