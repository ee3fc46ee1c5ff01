namespace Tracker.Jobs.Callbacks;

/// <summary>Where Oozie reaches Tracker (<c>Jobs:PublicUrl</c>), read from the <c>Jobs</c> section.</summary>
internal sealed class CallbackOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// Tracker's address as Oozie's servers see it, e.g. <c>https://tracker.example.com/tracker</c> behind a proxy.
    /// Unset (the default), callback URLs are built from the request that asks for them.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    public bool IsValid => PublicUrl is null || (PublicUrl.IsAbsoluteUri && PublicUrl.Scheme is "http" or "https");
}
