using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Tracker.Heron.Access;

/// <summary><c>Heron:Cors</c>: which browser origins may read Heron API answers.</summary>
public sealed class HeronCorsOptions
{
    /// <summary>
    /// Allowed origins such as <c>https://heron-ui.example.org</c>, or <c>*</c> for any. Empty (the default)
    /// keeps <see cref="HeronOptions.AccessControlAllowOrigin"/>, which is <c>*</c> as the Tornado tracker sent.
    /// </summary>
    public List<string> Origins { get; set; } = [];
}

/// <summary>Adds <c>Access-Control-Allow-Origin</c> to a Heron answer as <see cref="HeronCorsOptions"/> allows.</summary>
internal static class HeronCors
{
    public static void Apply(HttpContext http, HeronOptions options)
    {
        var origins = options.Cors.Origins;
        if (origins.Count == 0)
        {
            if (!string.IsNullOrEmpty(options.AccessControlAllowOrigin))
            {
                http.Response.Headers.AccessControlAllowOrigin = options.AccessControlAllowOrigin;
            }

            return;
        }

        if (origins.Contains("*"))
        {
            http.Response.Headers.AccessControlAllowOrigin = "*";
            return;
        }

        // The answer depends on who asks: caches must keep one copy per origin.
        http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && origins.Any(o => string.Equals(o.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase)))
        {
            http.Response.Headers.AccessControlAllowOrigin = origin;
        }
    }
}
