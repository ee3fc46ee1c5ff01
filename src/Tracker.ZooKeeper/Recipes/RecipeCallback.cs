namespace Tracker.ZooKeeper.Recipes;

/// <summary>Raises a recipe's event, remembering that we are inside it so a handler may dispose the recipe.</summary>
internal static class RecipeCallback
{
    private static readonly AsyncLocal<bool> Inside = new();

    public static bool Active => Inside.Value;

    public static void Raise<T>(object sender, EventHandler<T>? handler, T value)
    {
        if (handler is null)
        {
            return;
        }

        Inside.Value = true;
        try
        {
            handler(sender, value);
        }
        finally
        {
            Inside.Value = false;
        }
    }
}
