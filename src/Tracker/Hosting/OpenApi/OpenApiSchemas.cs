using Microsoft.OpenApi;

namespace Tracker.Hosting.OpenApi;

/// <summary>The shared schemas of the document: each API's answer and error formats, and the readiness report.</summary>
internal static class OpenApiSchemas
{
    public const string HeronEnvelope = "HeronEnvelope";
    public const string HeronFailure = "HeronFailure";
    public const string HeronPayload = "HeronPayload";
    public const string HeronDetail = "HeronDetail";
    public const string ApiDocument = "ApiDocument";
    public const string ApiError = "ApiError";
    public const string JobIds = "JobIds";
    public const string ReadinessReport = "ReadinessReport";
    public const string ReadinessCheck = "ReadinessCheck";
    public const string KnoxBasic = "knoxBasic";
    public const string HeronBearer = "heronBearer";

    public static IOpenApiSchema Ref(OpenApiDocument document, string name) => new OpenApiSchemaReference(name, document);

    public static void AddTo(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        var schemas = document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        schemas[HeronEnvelope] = Object("A Heron answer at the root and under /v1.",
            ("status", Text("success")), ("executiontime", Number("Seconds the tracker took.")), ("message", Text("Empty on success.")),
            ("result", new OpenApiSchema { Description = "The payload: an object or array as the route documents (Heron Tracker REST API)." }),
            ("version", Text("The tracker's version.")), ("tracker_version", Text("The tracker's version.")));
        schemas[HeronFailure] = Object("A Heron error at the root and under /v1 (no result).",
            ("status", Text("failure")), ("executiontime", Number("Seconds the tracker took.")), ("message", Text("What went wrong, naming the parameter.")),
            ("version", Text("The tracker's version.")), ("tracker_version", Text("The tracker's version.")));
        schemas[HeronPayload] = new OpenApiSchema { Description = "A /v2 answer: the bare payload (as result in the envelope style), an object or array." };
        schemas[HeronDetail] = Object("A /v2 error.", ("detail", Text("What went wrong.")));
        schemas[ApiDocument] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "A JSON object in the contract's shape (docs/contract), or Oozie's/YARN's passed through." };
        schemas[ApiError] = Object("An /api error.", ("message", Text("What went wrong.")), ("status_code", Integer("The HTTP status again.")));
        schemas[JobIds] = new OpenApiSchema
        {
            Description = "A JSON array of Oozie job ids, or an object whose id is one id or an array of ids.",
            OneOf =
            [
                new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text("An Oozie job id.") },
                Object("One or more ids.", ("id", new OpenApiSchema { OneOf = [Text("An Oozie job id."), new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text("An Oozie job id.") }] })),
            ],
        };
        schemas[ReadinessCheck] = Object("One part's verdict.",
            ("status", Text("healthy, degraded or unhealthy")), ("description", Text("Why, in words.")), ("durationMs", Number("How long the check took.")),
            ("data", new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null, AdditionalProperties = Text("A fact the verdict rests on."), Description = "What it was judged on (connected, caughtUp, session, ...)." }));
        schemas[ReadinessReport] = Object("Every part's verdict and the overall one.",
            ("status", Text("healthy, degraded or unhealthy")), ("durationMs", Number("How long all checks took.")),
            ("checks", new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = Ref(document, ReadinessCheck), Description = "By part name." }));
    }

    private static OpenApiSchema Object(string description, params (string Name, IOpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema),
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Number(string description) => new() { Type = JsonSchemaType.Number, Description = description };

    private static OpenApiSchema Integer(string description) => new() { Type = JsonSchemaType.Integer, Description = description };
}
