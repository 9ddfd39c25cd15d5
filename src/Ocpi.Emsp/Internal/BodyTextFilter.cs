using System.Text.Json;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Internal;

/// <summary>
/// The internal API's bodies as the endpoint receives them, checked before it runs: System.Text.Json binds a body holding
/// bytes that are not UTF-8, an unpaired surrogate escape or a NUL character, and only throws (an HTTP 500) where a
/// string of it is read, or PostgreSQL's jsonb refuses it when it is stored. Such a body is refused with a 400
/// ValidationProblem naming the field (<see cref="StorableJson"/>, the same walk the OCPI endpoints make), before anything
/// is read or stored; so is a body that names a member twice in one object. The parameters checked are the JSON ones and
/// the records of this service (its request bodies; its services are classes).
/// </summary>
public static class BodyTextFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var bodies = context.MethodInfo.GetParameters().Where(p => IsBody(p.ParameterType)).Select(p => p.Position).ToArray();
        if (bodies.Length == 0) return next;
        return invocation =>
        {
            foreach (var position in bodies)
            {
                var document = invocation.Arguments[position] switch
                {
                    JsonElement element => element,
                    { } record => JsonSerializer.SerializeToElement(record, record.GetType(), OcpiJson.Options),
                    null => (JsonElement?)null,
                };
                if (document is not { } json) continue;
                if (StorableJson.FindProblem(json) is { } problem)
                    return Refused(problem.Path, problem.Message, "The body holds text that is not a character");
                if (RepeatedMember(json, "") is { } repeated)
                    return Refused(repeated, "is given more than once in one object: which value was meant is unknowable",
                        "The body repeats a member");
            }
            return next(invocation);
        };
    }

    private static ValueTask<object?> Refused(string field, string message, string title) =>
        ValueTask.FromResult<object?>(TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: title));

    /// <summary>
    /// The first member named twice in one object (the path to it), which JsonObject.Create and the deserializer refuse
    /// with an exception deep in an endpoint. Names are compared once decoded ("a" and "\u0061" are one member).
    /// </summary>
    private static string? RepeatedMember(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (!seen.Add(property.Name)) return at;
                    if (RepeatedMember(property.Value, at) is { } inner) return inner;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    if (RepeatedMember(item, $"{path}[{index++}]") is { } inner) return inner;
                return null;
            default:
                return null;
        }
    }

    private static bool IsBody(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(JsonElement)
               || (type.Namespace?.StartsWith("Ocpi.", StringComparison.Ordinal) == true && type.GetMethod("<Clone>$") is not null);
    }
}
