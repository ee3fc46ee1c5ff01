namespace Tracker.ZooKeeper;

// Recipes over whole paths, made of the single-znode operations: mkdir -p and rm -r.
public sealed partial class ZooKeeperClient
{
    /// <summary>Creates <paramref name="path"/> and any missing parent as empty persistent znodes (<c>mkdir -p</c>).</summary>
    public async Task EnsurePathAsync(string path, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path);
        if (path == "/" || await ExistsAsync(path, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        await EnsurePathAsync(ZooKeeperPath.Parent(path), cancellationToken).ConfigureAwait(false);
        try
        {
            await CreateAsync(path, [], CreateMode.Persistent, null, cancellationToken).ConfigureAwait(false);
        }
        catch (NodeExistsException)
        {
            // Someone else created it meanwhile: that is all we wanted.
        }
    }

    /// <summary>Deletes <paramref name="path"/> and everything below it; a missing znode is not an error.</summary>
    public async Task DeleteRecursiveAsync(string path, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path);
        try
        {
            var children = await GetChildrenAsync(path, cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(children.Children.Select(child => DeleteRecursiveAsync(ZooKeeperPath.Combine(path, child), cancellationToken))).ConfigureAwait(false);
            if (path != "/")
            {
                await DeleteAsync(path, -1, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (NoNodeException)
        {
            // Already gone (or deleted by someone else meanwhile).
        }
    }
}
