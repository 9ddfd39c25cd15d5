using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Internal;

/// <summary>
/// The two reads of one OCPI object we hold, by its OCPI address (ids case-insensitive, as in <see cref="StreamKeys"/>):
/// its view, and the history of its stream.
/// </summary>
public static class OwnedObjectReads
{
    /// <summary>Maps GET /{country_code}/{party_id}/{<paramref name="idName"/>} and .../events on the group.</summary>
    /// <param name="kind">The stream-key kind ("location").</param>
    /// <param name="objectName">The object's name in endpoint names and summaries ("Location").</param>
    public static void MapOwnedObjectReads<TView>(this RouteGroupBuilder api, string kind, string idName, string objectName)
        where TView : class
    {
        var route = $"/{{country_code}}/{{party_id}}/{{{idName}}}";
        api.MapGet(route, async Task<Results<Ok<TView>, NotFound>> (string country_code, string party_id, HttpContext http, IQuerySession session) =>
                await session.LoadAsync<TView>(KeyOf(kind, country_code, party_id, http, idName), http.RequestAborted) is { } view
                    ? TypedResults.Ok(view)
                    : TypedResults.NotFound())
            .WithName($"Get{objectName}View")
            .AddOpenApiOperationTransformer((operation, _, _) => DescribeId(operation, idName))
            .WithSummary($"The {objectName} as we hold it, with the fields the list filters on");
        api.MapGet(route + "/events", async Task<Results<Ok<IReadOnlyList<EventRecord>>, NotFound>> (string country_code, string party_id,
                    HttpContext http, IQuerySession session) =>
                await EventHistory.ForStreamAsync(session, KeyOf(kind, country_code, party_id, http, idName), http.RequestAborted) is { } events
                    ? TypedResults.Ok(events)
                    : TypedResults.NotFound())
            .WithName($"Get{objectName}Events")
            .AddOpenApiOperationTransformer((operation, _, _) => DescribeId(operation, idName))
            .WithSummary($"Every event of the {objectName}'s stream, with its metadata, in order");
    }

    /// <summary>The id is read from the route values (its name differs per kind), so the document is told about it.</summary>
    private static Task DescribeId(OpenApiOperation operation, string idName)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = idName,
            In = ParameterLocation.Path,
            Required = true,
            Description = "The object's id (case-insensitive).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        return Task.CompletedTask;
    }

    private static string KeyOf(string kind, string countryCode, string partyId, HttpContext http, string idName) =>
        StreamKeys.For(kind, new PartyRef(countryCode, partyId), http.Request.RouteValues[idName]?.ToString() ?? "");
}
