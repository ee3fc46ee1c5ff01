namespace Tracker.Sandbox.Heron.State;

/// <summary>
/// Heron's local file state layout (<c>{root}/{directory}/{topology}</c>). Each write goes to a
/// temporary file first and is renamed into place, so a reader never sees half a message.
/// </summary>
public sealed class FileHeronStateStore(string root) : IHeronStateStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task WriteAsync(string directory, string topology, byte[] data, bool ephemeral, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Root, directory);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, topology);
        var temporary = Path.Combine(Root, $".{directory}.{topology}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(temporary, data, cancellationToken);
        File.Move(temporary, target, overwrite: true);
    }

    public Task DeleteAsync(string directory, string topology, CancellationToken cancellationToken)
    {
        File.Delete(Path.Combine(Root, directory, topology));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
