using System.Text.Json.Nodes;
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
    public const string TrackSummary = "TrackSummary";
    public const string CopyEntry = "CopyEntry";
    public const string CopyRequest = "CopyRequest";
    public const string CopyStatus = "CopyStatus";
    public const string IdError = "IdError";
    public const string TrackedJob = "TrackedJob";
    public const string TrackedJobListed = "TrackedJobListed";
    public const string JobStatus = "JobStatus";
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
        AddJobShapes(document, schemas);
        schemas[ReadinessCheck] = Object("One part's verdict.",
            ("status", Text("healthy, degraded or unhealthy")), ("description", Text("Why, in words.")), ("durationMs", Number("How long the check took.")),
            ("data", new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null, AdditionalProperties = Text("A fact the verdict rests on."), Description = "What it was judged on (connected, caughtUp, session, ...)." }));
        schemas[ReadinessReport] = Object("Every part's verdict and the overall one.",
            ("status", Text("healthy, degraded or unhealthy")), ("durationMs", Number("How long all checks took.")),
            ("checks", new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = Ref(document, ReadinessCheck), Description = "By part name." }));
    }

    /// <summary>The /api answers of docs/contract/jobs.md (E1–E9) in Tracker's shapes.</summary>
    private static void AddJobShapes(OpenApiDocument document, IDictionary<string, IOpenApiSchema> schemas)
    {
        static OpenApiSchema Ids(string description) => new() { Type = JsonSchemaType.Array, Items = Text("A YARN application id."), Description = description };
        var copies = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = Ref(document, CopyEntry), Description = "Copies by application id." };
        schemas[TrackSummary] = Object("A job as tracking starts (E1).",
            ("id", Text("The Oozie job id.")), ("status", Text("Oozie's status, e.g. RUNNING.")),
            ("applications-ids", Ids("The job's applications (the reference's spelling).")), ("application-ids", Ids("The same list.")));
        schemas[CopyEntry] = Object("One application's log copy.",
            ("id", Text("The Oozie job id.")), ("application", Text("The YARN application id.")),
            ("job", Text("The copy workflow's Oozie id, once it exists.")),
            ("status", Text("UNKNOWN, RUNNING, SUCCEEDED, KILLED or FAILED.")), ("error", Text("Why a copy failed for good.")));
        schemas[IdError] = Object("A job id of the request that failed.",
            ("id", Text("The Oozie job id.")), ("message", Text("What went wrong.")), ("status_code", Integer("The status it would have answered.")));
        schemas[CopyRequest] = Object("Copies started or found (E2).",
            ("finished", Bool("Every application's copy has ended.")), ("succeeded", Bool("Every copy succeeded.")),
            ("jobs", new OpenApiSchema { Type = JsonSchemaType.Array, Items = Ref(document, CopyEntry) }),
            ("errors", new OpenApiSchema { Type = JsonSchemaType.Array, Items = Ref(document, IdError), Description = "Ids that failed, when some did." }));
        schemas[CopyStatus] = Object("Where the copies stand (E7).",
            ("finished", Bool("Every application's copy has ended.")), ("succeeded", Bool("Every copy succeeded.")), ("jobs", copies));
        (string, IOpenApiSchema)[] job =
        [
            ("id", Text("The Oozie job id.")), ("status", Text("Oozie's status.")), ("last-checked", new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "When Oozie was last asked (UTC)." }),
            ("applications-ids", Ids("The job's applications (the reference's spelling).")), ("application-ids", Ids("The same list.")),
            ("tracking", new OpenApiSchema { Type = JsonSchemaType.String, Description = "Only for tracked jobs.", Enum = [JsonValue.Create("tracking"), JsonValue.Create("copying"), JsonValue.Create("done"), JsonValue.Create("vanished")] }),
            ("reason", Text("Why work on the job stopped.")), ("parent", Text("The coordinator or bundle that owns the job.")),
        ];
        schemas[TrackedJob] = Object("A job with its copies (E3).", [.. job, ("log-jobs", copies)]);
        schemas[TrackedJobListed] = Object("A tracked job in the list (E9).", [.. job, ("applications", copies)]);
        schemas[JobStatus] = Object("A job's Oozie status (E4).", ("id", Text("The Oozie job id.")), ("status", Text("Oozie's status.")), ("status_code", Integer("200.")));
    }

    private static OpenApiSchema Bool(string description) => new() { Type = JsonSchemaType.Boolean, Description = description };

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
