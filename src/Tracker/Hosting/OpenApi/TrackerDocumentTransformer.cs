using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tracker.Hosting.OpenApi;

/// <summary>
/// Completes the generated document for client generators: the query parameters and answers the
/// handlers produce by hand (Heron and <c>/api</c> handlers read the query and write JSON themselves),
/// the error formats of each API, the optional Heron bearer and the Knox Basic security schemes, and
/// <c>/health/ready</c>, which health checks map outside minimal APIs.
/// </summary>
internal sealed class TrackerDocumentTransformer : IOpenApiDocumentTransformer
{
    private static readonly string[] HeronPrefixes = ["/v1", "/v2"];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Tracker";
        document.Info.Description = "Oozie job tracking through Knox (/api) and the Apache Heron Tracker REST API (root, /v1 envelope style; /v2 unwrapped style).";
        OpenApiSchemas.AddTo(document);
        document.Components!.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[OpenApiSchemas.KnoxBasic] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "basic", Description = "Knox credentials, checked against the gateway (or a Knox token as Bearer).",
        };
        document.Components.SecuritySchemes[OpenApiSchemas.HeronBearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "Only where Heron:Authentication protects the route's group: a static token or a JWT.",
        };

        document.Paths ??= [];
        AddReadiness(document);
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (_, operation) in item.Operations ?? [])
            {
                if (path.StartsWith("/api/", StringComparison.Ordinal))
                {
                    DescribeJobs(document, path, operation);
                }
                else if (HeronPath(path) is { } heronPath && RouteDescriptions.Heron.TryGetValue(heronPath, out var heron))
                {
                    DescribeHeron(document, path.StartsWith("/v2/", StringComparison.Ordinal), heron, operation);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static string? HeronPath(string path)
    {
        foreach (var prefix in HeronPrefixes)
        {
            if (path.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                return path[prefix.Length..];
            }
        }

        return path;
    }

    private static void DescribeHeron(OpenApiDocument document, bool unwrapped, RouteDescription route, OpenApiOperation operation)
    {
        operation.Description = route.Description + (unwrapped
            ? " Answers the bare payload with an x-process-time header; errors as {\"detail\"}."
            : " Answers the payload as result in the Heron envelope; errors with status failure and a message.");
        AddQuery(operation, route.Query);
        var failure = OpenApiSchemas.Ref(document, unwrapped ? OpenApiSchemas.HeronDetail : OpenApiSchemas.HeronFailure);
        var success = route.SuccessType == "application/json"
            ? OpenApiSchemas.Ref(document, unwrapped ? OpenApiSchemas.HeronPayload : OpenApiSchemas.HeronEnvelope)
            : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        operation.Responses = new OpenApiResponses
        {
            ["200"] = Response("The answer.", route.SuccessType, success),
            ["400"] = Response("A parameter is missing or invalid; the message names it.", "application/json", failure),
            ["401"] = Response("Only where Heron:Authentication protects this route's group: no or a wrong bearer token.", "application/json", failure),
            ["404"] = Response("No such topology (or instance, container, file).", "application/json", failure),
        };
        if (route.Upstream)
        {
            operation.Responses["502"] = Response("The TManager or heron-shell answered with an error or not at all.", "application/json", failure);
            operation.Responses["504"] = Response("The TManager or heron-shell did not answer in time.", "application/json", failure);
        }

        // Empty requirement first: the API is open unless the operator protects the group.
        operation.Security = [new OpenApiSecurityRequirement(), Requirement(document, OpenApiSchemas.HeronBearer)];
    }

    private static void DescribeJobs(OpenApiDocument document, string path, OpenApiOperation operation)
    {
        var error = OpenApiSchemas.Ref(document, OpenApiSchemas.ApiError);
        if (RouteDescriptions.Jobs.TryGetValue(path, out var route))
        {
            operation.Description = route.Description;
            AddQuery(operation, route.Query);
            operation.Responses = new OpenApiResponses
            {
                ["200"] = Response("The answer.", route.SuccessType, JobsAnswer(document, route)),
            };
            if (route.Upstream)
            {
                operation.Responses["502"] = Response("Knox or the service behind it answered with an error.", "application/json", error);
                operation.Responses["504"] = Response("Knox or the service behind it did not answer in time.", "application/json", error);
            }
        }

        operation.Responses ??= [];
        operation.Responses["400"] = Response("The request is malformed; the message says how.", "application/json", error);
        operation.Responses["401"] = Response("No or wrong Knox credentials (WWW-Authenticate: Basic).", "application/json", error);
        operation.Responses["404"] = Response("No such job or application, or not the caller's.", "application/json", error);
        operation.Responses["500"] = Response("Tracker failed on this request; the correlation_id names the log line about it.", "application/json", error);
        operation.Responses["503"] = Response("The Knox gateway is not configured (Jobs:Gateway:Url).", "application/json", error);
        if (operation.RequestBody is null && path.StartsWith("/api/task/", StringComparison.Ordinal))
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "Oozie job ids: text/plain one per line, a JSON array of ids, or {\"id\": id or [ids]}.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = JsonValue.Create("0000002-261203121110482-oozie-W") },
                    ["application/json"] = new() { Schema = OpenApiSchemas.Ref(document, OpenApiSchemas.JobIds) },
                },
            };
        }

        operation.Security = [Requirement(document, OpenApiSchemas.KnoxBasic)];
    }

    private static IOpenApiSchema JobsAnswer(OpenApiDocument document, RouteDescription route)
    {
        if (route.SuccessType != "application/json")
        {
            return new OpenApiSchema { Type = JsonSchemaType.String };
        }

        var schema = OpenApiSchemas.Ref(document, route.Schema ?? OpenApiSchemas.ApiDocument);
        return route.Array ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema } : schema;
    }

    private static void AddReadiness(OpenApiDocument document)
    {
        var report = OpenApiSchemas.Ref(document, OpenApiSchemas.ReadinessReport);
        OpenApiOperation Operation() => new()
        {
            Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
            Summary = "Readiness: every part's own verdict (job store, Knox gateway, Heron state managers).",
            Description = "Healthy and degraded answer 200, unhealthy 503; the rules are in docs/operations.md.",
            OperationId = "Ready",
            Responses = new OpenApiResponses
            {
                ["200"] = Response("Healthy or degraded.", "application/json", report),
                ["503"] = Response("Unhealthy: some part cannot serve.", "application/json", report),
            },
        };
        var item = new OpenApiPathItem();
        item.AddOperation(HttpMethod.Get, Operation());
        var head = Operation();
        head.OperationId = "ReadyHead";
        item.AddOperation(HttpMethod.Head, head);
        document.Paths["/health/ready"] = item;
    }

    private static void AddQuery(OpenApiOperation operation, IReadOnlyList<QueryParameter> query)
    {
        operation.Parameters ??= [];
        foreach (var parameter in query)
        {
            if (operation.Parameters.Any(p => p.Name == parameter.Name && p.In == ParameterLocation.Query))
            {
                continue;
            }

            var schema = new OpenApiSchema { Type = parameter.Type == "integer" ? JsonSchemaType.Integer : parameter.Type == "boolean" ? JsonSchemaType.Boolean : JsonSchemaType.String };
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Query,
                Required = parameter.Required,
                Description = parameter.Description,
                Schema = parameter.Repeated ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema } : schema,
                Explode = true,
            });
        }
    }

    private static OpenApiResponse Response(string description, string contentType, IOpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() { Schema = schema } },
    };

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, string scheme)
        => new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
