using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Tracker.Heron.Apis;

namespace Tracker.Heron.Access;

/// <summary>
/// Optional bearer authentication of the Heron API. The schemes are named and only the Heron route
/// groups ask for them (an endpoint filter authenticates explicitly), so there is no default scheme and
/// <c>/api</c>'s own Knox authentication, with its Basic challenge, never meets them.
/// </summary>
internal static class HeronAccessExtensions
{
    public static IServiceCollection AddHeronAccess(this IServiceCollection services)
    {
        services.AddOptions<HeronAuthenticationOptions>().BindConfiguration(HeronAuthenticationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HeronAuthenticationOptions>, HeronAuthenticationValidator>();
        services.AddSingleton<HeronAccess>();

        // Both schemes are always registered: with a single one ASP.NET Core would make it everyone's default,
        // and these are the Heron groups' alone.
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, StaticTokenHandler>(HeronAccess.TokenScheme, null)
            .AddJwtBearer(HeronAccess.JwtScheme);
        services.AddOptions<JwtBearerOptions>(HeronAccess.JwtScheme).Configure<IOptions<HeronAuthenticationOptions>>((jwt, access) =>
        {
            var settings = access.Value.Jwt;
            jwt.MapInboundClaims = false;
            jwt.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            if (!string.IsNullOrWhiteSpace(settings.Authority))
            {
                jwt.Authority = settings.Authority;
            }

            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuer = settings.Issuer,
                ValidateAudience = true,
                ValidAudience = settings.Audience,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                IssuerSigningKey = string.IsNullOrEmpty(settings.SigningKey) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SigningKey)),
            };
        });
        return services;
    }

    /// <summary>
    /// Puts the endpoints of <paramref name="builder"/> in <paramref name="group"/>: while the group is protected,
    /// a request without a token any configured scheme accepts gets 401 with <c>WWW-Authenticate: Bearer</c>,
    /// in the Heron error format of the route group (the style filter runs first).
    /// </summary>
    public static TBuilder RequireHeronAccess<TBuilder>(this TBuilder builder, HeronRouteGroup group)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var access = http.RequestServices.GetRequiredService<HeronAccess>();
            if (!access.Protects(group))
            {
                return await next(context);
            }

            var presented = false;
            foreach (var scheme in access.Schemes)
            {
                var result = await http.AuthenticateAsync(scheme);
                if (result.Succeeded)
                {
                    http.User = result.Principal;
                    return await next(context);
                }

                presented |= result.Failure is not null;
            }

            // RFC 6750 §3: a bad token is named as such; a missing one gets the bare challenge.
            http.Response.Headers.WWWAuthenticate = presented ? "Bearer error=\"invalid_token\"" : "Bearer";
            return HeronResponses.Failure(StatusCodes.Status401Unauthorized, presented
                ? "The bearer token was not accepted."
                : "Authorization required: send Authorization: Bearer TOKEN.");
        });
        return builder;
    }
}
