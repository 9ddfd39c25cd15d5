using Microsoft.OpenApi;
using Ocpi.Protocol.Validation;

namespace Ocpi.Emsp.Hosting.OpenApi;

/// <summary>
/// A request body read as raw JSON and validated against a field table (no model binding, so nothing for the document
/// generator to see): the table is named on the endpoint and becomes the body's schema.
/// </summary>
public static class FieldTableBodies
{
    /// <summary>
    /// The body is a whole <paramref name="table"/> object, or (<paramref name="patch"/>) only the fields that change, with
    /// last_updated unless the endpoint stamps it itself (<paramref name="lastUpdatedRequired"/> false).
    /// </summary>
    public static TBuilder AcceptsFieldTable<TBuilder>(this TBuilder builder, ObjectSchema table, bool patch = false, bool required = true,
        bool lastUpdatedRequired = true)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = required,
                Description = patch ? $"The fields of the {table.Name} that change" : $"The whole {table.Name}",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new()
                    {
                        Schema = patch ? FieldTableSchemas.Partial(context.Document!, table, lastUpdatedRequired) : FieldTableSchemas.Reference(context.Document!, table),
                    },
                },
            };
            return Task.CompletedTask;
        });
}
