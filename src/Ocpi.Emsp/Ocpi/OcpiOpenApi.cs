using Microsoft.OpenApi;
using Ocpi.Emsp.Hosting.OpenApi;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Validation;

namespace Ocpi.Emsp.Ocpi;

/// <summary>
/// How an OCPI endpoint tells the document what it reads and answers. The endpoints read raw JSON validated against
/// the protocol library's field tables (no model binding), so the tables are named here and turned into schemas by
/// <see cref="FieldTableSchemas"/>: `.AcceptsOcpi(SessionSchemas.Session)`, `.ProducesOcpi(SessionSchemas.Session)`,
/// `.ProducesOcpiList(TokenSchemas.Token)`. The answers every OCPI endpoint shares (401; for functional modules 403 and
/// 404 of the routing headers) are added once by the module group (<see cref="OcpiEndpointRouteBuilderExtensions"/>).
/// </summary>
public static class OcpiOpenApi
{
    private const string Json = "application/json";

    /// <summary>A body of <paramref name="table"/> (a PATCH body: only the fields that change); adds the 400 and 413 it can cause.</summary>
    public static TBuilder AcceptsOcpi<TBuilder>(this TBuilder builder, ObjectSchema table, bool patch = false, bool required = true)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AcceptsFieldTable(table, patch, required)
            .ProducesOcpiError(StatusCodes.Status400BadRequest, "The body is not JSON (status_code 2000)")
            .ProducesOcpiError(StatusCodes.Status413PayloadTooLarge, "The body is larger than the service accepts (status_code 2000)");

    /// <summary>A success answer with one <paramref name="data"/> object, a list of them, or no data (null), in the envelope.</summary>
    public static TBuilder ProducesOcpi<TBuilder>(this TBuilder builder, ObjectSchema? data, int status = StatusCodes.Status200OK,
        string? description = null, bool list = false) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            Respond(operation, status, (description ?? Success(data)) + OcpiErrorsToo, FieldTableSchemas.Envelope(context.Document!, data, list));
            return Task.CompletedTask;
        });

    /// <summary>A PUT of a whole object: 201 when it was new, 200 when it replaced the one we held (or was older and ignored).</summary>
    public static TBuilder ProducesOcpiPut<TBuilder>(this TBuilder builder, ObjectSchema table) where TBuilder : IEndpointConventionBuilder =>
        builder.AcceptsOcpi(table)
            .ProducesOcpi(null, StatusCodes.Status201Created, $"Stored: the {table.Name} was new")
            .ProducesOcpi(null, StatusCodes.Status200OK, $"Stored: the {table.Name} replaced the one we held (a push older than it is recorded and ignored, with a status_message)");

    /// <summary>The 404 of an object URL: unknown object, or a country_code/party_id that is not one of the connection's parties.</summary>
    public static TBuilder ProducesOcpiNotFound<TBuilder>(this TBuilder builder, string what) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesOcpiError(StatusCodes.Status404NotFound, $"Unknown {what}, or country_code/party_id not of this connection");

    /// <summary>A paginated list (transport_and_format.asciidoc, "Pagination"): the query parameters, the headers and the envelope.</summary>
    public static TBuilder ProducesOcpiList<TBuilder>(this TBuilder builder, ObjectSchema data) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            operation.Parameters ??= [];
            AddQuery(operation, "offset", JsonSchemaType.Integer, null, "Index of the first object (default 0)");
            AddQuery(operation, "limit", JsonSchemaType.Integer, null, "Maximum number of objects (capped by the X-Limit header's value)");
            AddQuery(operation, "date_from", JsonSchemaType.String, "date-time", "Only objects with last_updated at or after this time");
            AddQuery(operation, "date_to", JsonSchemaType.String, "date-time", "Only objects with last_updated before this time");
            var response = Respond(operation, StatusCodes.Status200OK, $"A page of {data.Name} objects, oldest first" + OcpiErrorsToo,
                FieldTableSchemas.Envelope(context.Document!, data, list: true));
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["X-Total-Count"] = Header("Number of objects matching the request, over all pages"),
                ["X-Limit"] = Header("The maximum page size this endpoint allows"),
                ["Link"] = Header("The next page: <url>; rel=\"next\" (absent on the last page)"),
            };
            return Task.CompletedTask;
        });

    /// <summary>
    /// The message routing headers of functional modules (transport_and_format.asciidoc, "Message Routing"): optional on
    /// a connection with one party, needed to say which party sends on a connection with several.
    /// </summary>
    public static TBuilder WithOcpiRoutingHeaders<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            AddHeader(operation, OcpiHeaders.FromCountryCode, "Country code of the sending party (one of this connection's parties)");
            AddHeader(operation, OcpiHeaders.FromPartyId, "Party id of the sending party (one of this connection's parties)");
            AddHeader(operation, OcpiHeaders.ToCountryCode, "Our country code (the eMSP this request is for)");
            AddHeader(operation, OcpiHeaders.ToPartyId, "Our party id (the eMSP this request is for)");
            return Task.CompletedTask;
        });

    /// <summary>An error answer with this HTTP status (its body is the envelope without data).</summary>
    public static TBuilder ProducesOcpiError<TBuilder>(this TBuilder builder, int status, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            AddError(operation, context.Document!, status, description);
            return Task.CompletedTask;
        });

    private const string OcpiErrorsToo =
        ". OCPI errors such as 2001 (invalid or missing parameters) come with HTTP 200 too, with their status_code and no data.";

    private static string Success(ObjectSchema? data) => data is null ? "Accepted (status_code 1000, no data)" : $"The {data.Name} (status_code 1000)";

    private static OpenApiResponse Respond(OpenApiOperation operation, int status, string description, IOpenApiSchema schema)
    {
        operation.Responses ??= new OpenApiResponses();
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [Json] = new() { Schema = schema } },
        };
        operation.Responses[status.ToString()] = response;
        return response;
    }

    private static void AddError(OpenApiOperation operation, OpenApiDocument document, int status, string description)
    {
        operation.Responses ??= new OpenApiResponses();
        if (operation.Responses.TryGetValue(status.ToString(), out var held) && held is OpenApiResponse { Content.Count: > 0 } known)
        {
            // Several causes share one status (404: unknown object, or a party not of this connection).
            if (known.Description?.Contains(description) != true) known.Description = $"{known.Description}; or: {description}";
            return;
        }
        Respond(operation, status, description, FieldTableSchemas.Envelope(document, null, list: false));
    }

    private static void AddQuery(OpenApiOperation operation, string name, JsonSchemaType type, string? format, string description)
    {
        if (operation.Parameters!.Any(p => p.Name == name && p.In == ParameterLocation.Query)) return;
        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Query,
            Required = false,
            Description = description,
            Schema = new OpenApiSchema { Type = type, Format = format },
        });
    }

    private static void AddHeader(OpenApiOperation operation, string name, string description) =>
        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = false,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });

    private static OpenApiHeader Header(string description) => new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
}
