using System.Text;
using Microsoft.Extensions.Options;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;

namespace Tracker.Jobs.LogCopy;

/// <summary>Uploads a copy workflow's files, starts it, and finds it again after a crash.</summary>
internal sealed class CopyWorkflowLauncher(IOozieClient oozie, IWebHdfsClient webHdfs, IOptions<LogCopyOptions> options)
{
    public LogCopyOptions Options => options.Value;

    public string NewAppDirectory(string user) => $"{Options.LogDirectory(user)}/{Guid.NewGuid():D}";

    /// <summary>Uploads and submits; the upload overwrites, so a reconciled resubmission into the same directory is safe.</summary>
    public async Task<string> SubmitAsync(
        KnoxCredentials credentials, string user, string jobId, string applicationId, string appDirectory, CancellationToken cancellationToken)
    {
        var settings = Options;
        var logDirectory = settings.LogDirectory(user);
        // Owner-only from the start (the log root too, when this creates it): the saved logs live below.
        await webHdfs.MakeDirectoryAsync(credentials, appDirectory, settings.DirectoryPermission, cancellationToken);
        await UploadAsync(credentials, $"{appDirectory}/{CopyWorkflow.DefinitionName}",
            CopyWorkflow.Definition(settings, logDirectory, jobId, applicationId, appDirectory), cancellationToken);
        await UploadAsync(credentials, $"{appDirectory}/{CopyWorkflow.ScriptName}", CopyWorkflow.Script(settings), cancellationToken);
        return await oozie.SubmitWorkflowAsync(credentials, CopyWorkflow.Properties(settings, user, appDirectory), cancellationToken);
    }

    /// <summary>
    /// The copy workflow submitted from <paramref name="appDirectory"/>, if Oozie has one: after a crash between
    /// submitting and recording the id, this is how a second submission is avoided.
    /// </summary>
    public async Task<string?> FindSubmittedAsync(
        KnoxCredentials credentials, string user, string applicationId, string appDirectory, CancellationToken cancellationToken)
    {
        var query = new WorkflowJobQuery(Filter: $"name={CopyWorkflow.AppName(applicationId)};user={user}", Offset: 1, Len: 1000);
        var list = await oozie.ListJobsAsync(credentials, query, cancellationToken);
        var suffix = appDirectory.TrimEnd('/');
        foreach (var workflow in list.Workflows)
        {
            var path = workflow.AppPath?.TrimEnd('/');
            if (path is not null && (path.EndsWith(suffix, StringComparison.Ordinal) || path.EndsWith($"{suffix}/{CopyWorkflow.DefinitionName}", StringComparison.Ordinal)))
            {
                return workflow.Id;
            }
        }

        return null;
    }

    private async Task UploadAsync(KnoxCredentials credentials, string path, string text, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await webHdfs.CreateAsync(credentials, path, content, overwrite: true, Options.Permission, cancellationToken);
    }
}
