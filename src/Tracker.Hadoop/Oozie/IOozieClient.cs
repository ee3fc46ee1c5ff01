namespace Tracker.Hadoop.Oozie;

/// <summary>Oozie's web-services API behind the Knox gateway (<c>{gateway}/oozie/…</c>).</summary>
public interface IOozieClient
{
    /// <summary><c>GET /v{n}/job/{id}?show=info</c>, all actions. Retried.</summary>
    Task<OozieLookup<WorkflowJob>> GetJobInfoAsync(
        KnoxCredentials credentials, string jobId, OozieApiVersion version = OozieApiVersion.V2, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /v2/job/{id}?show=info&amp;offset=…&amp;len=…</c> for a coordinator (<c>-C</c>) id: one page of its
    /// actions (<paramref name="offset"/> is 1-based; Oozie's v2 returns no actions unless <c>len</c> is given, so it
    /// always is; <paramref name="newestFirst"/> sends <c>order=desc</c>) and the total count. Retried.
    /// </summary>
    Task<OozieLookup<CoordinatorJob>> GetCoordinatorJobInfoAsync(
        KnoxCredentials credentials, string jobId, int offset = 1, int len = 1000, bool newestFirst = false, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v2/job/{id}?show=info</c> for a bundle (<c>-B</c>) id: its coordinators, without their actions. Retried.</summary>
    Task<OozieLookup<BundleJob>> GetBundleJobInfoAsync(KnoxCredentials credentials, string jobId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v2/job/{id}?show=status</c>: the status alone, cheaper for polling. Retried.</summary>
    Task<OozieLookup<string>> GetJobStatusAsync(KnoxCredentials credentials, string jobId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v{n}/job/{id}?show=log</c>: Oozie's server log for the job (not YARN's container logs). Retried.</summary>
    Task<OozieLookup<string>> GetJobLogAsync(
        KnoxCredentials credentials, string jobId, OozieApiVersion version = OozieApiVersion.V2, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v2/jobs?filter=…&amp;offset=…&amp;len=…&amp;jobtype=…</c>. Retried.</summary>
    Task<WorkflowJobList> ListJobsAsync(KnoxCredentials credentials, WorkflowJobQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /v1/jobs?action=start</c> with the properties as a Hadoop configuration XML; returns the new
    /// job id. Never retried: a lost answer after Oozie accepted would start a second job.
    /// </summary>
    Task<string> SubmitWorkflowAsync(
        KnoxCredentials credentials, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken = default);

    /// <summary>
    /// Oozie 5's single-call submission: the workflow definition travels in the configuration as
    /// <c>oozie.jobs.api.generated.xml</c>, so no <c>workflow.xml</c> needs uploading. The properties must
    /// still name <c>oozie.wf.application.path</c> (a directory Oozie may use for the job). Never retried.
    /// </summary>
    Task<string> SubmitEmbeddedWorkflowAsync(
        KnoxCredentials credentials, string workflowXml, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken = default);
}
