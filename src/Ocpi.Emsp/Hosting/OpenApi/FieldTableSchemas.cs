using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Ocpi.Protocol.Locations;
using Ocpi.Protocol.Validation;

namespace Ocpi.Emsp.Hosting.OpenApi;

/// <summary>
/// OpenAPI schemas of OCPI objects, generated from the protocol library's field tables (<see cref="ObjectSchema"/>): the
/// tables are what a received body is validated against, so the document describes exactly what we accept and store,
/// with the wire's snake_case names. Each table becomes one component (named after the spec's class); the envelope of
/// every answer is a component too. Operations only hold references: the components are written into the document at
/// the end (<see cref="WriteComponents"/>), since operation transformers run before the document is complete.
/// </summary>
public static class FieldTableSchemas
{
    private static readonly ConditionalWeakTable<OpenApiDocument, Dictionary<string, IOpenApiSchema>> Pending = new();
    private static readonly ConditionalWeakTable<OpenApiDocument, Dictionary<ObjectSchema, string>> Names = new();

    /// <summary>A reference to the component of <paramref name="table"/> (and of every table it contains).</summary>
    public static IOpenApiSchema Reference(OpenApiDocument document, ObjectSchema table)
    {
        var components = Pending.GetOrCreateValue(document);
        var names = Names.GetOrCreateValue(document);
        lock (components)
        {
            if (!names.TryGetValue(table, out var name))
            {
                // Two different tables may share the spec's class name (a CDR as received, a CDR to price): suffix the second.
                name = ComponentName(table.Name);
                for (var n = 2; components.ContainsKey(name); n++) name = $"{ComponentName(table.Name)}{n}";
                names[table] = name;
                components[name] = new OpenApiSchema(); // placeholder: a table that contains itself finds its name
                components[name] = ObjectOf(document, table);
            }
            return new OpenApiSchemaReference(name, document);
        }
    }

    /// <summary>
    /// The OCPI response envelope (transport_and_format.asciidoc, "Response format") around <paramref name="data"/>:
    /// one object, a list of them (<paramref name="list"/>), or no data at all (null).
    /// </summary>
    public static IOpenApiSchema Envelope(OpenApiDocument document, ObjectSchema? data, bool list)
    {
        IOpenApiSchema? dataSchema = data is null ? null : Reference(document, data);
        var components = Pending.GetOrCreateValue(document);
        var name = data is null ? "OcpiResponse" : $"OcpiResponse.{Names.GetOrCreateValue(document)[data]}{(list ? "List" : "")}";
        lock (components)
        {
            if (!components.ContainsKey(name))
            {
                var envelope = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "The OCPI response envelope: status_code 1000 is success, 2xxx a client error, 3xxx a server error.",
                    Required = new HashSet<string> { "status_code", "timestamp" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["status_code"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "OCPI status code (1000 = success)." },
                        ["status_message"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["timestamp"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                    },
                };
                if (dataSchema is not null)
                    envelope.Properties["data"] = list ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = dataSchema } : dataSchema;
                components[name] = envelope;
            }
        }
        return new OpenApiSchemaReference(name, document);
    }

    /// <summary>Adds every component referenced while the operations were described; call once, from a document transformer.</summary>
    public static void WriteComponents(OpenApiDocument document)
    {
        if (!Pending.TryGetValue(document, out var components)) return;
        lock (components)
            foreach (var (name, schema) in components) document.AddComponent(name, schema);
    }

    /// <summary>
    /// The schema of a PATCH body: the same fields, none required but last_updated where the table has it and the
    /// endpoint needs it (OCPI PATCH carries only what changed, and always last_updated).
    /// </summary>
    public static IOpenApiSchema Partial(OpenApiDocument document, ObjectSchema table, bool lastUpdatedRequired)
    {
        var whole = ObjectOf(document, table);
        var required = lastUpdatedRequired && table.Field("last_updated") is not null;
        whole.Required = required ? new HashSet<string> { "last_updated" } : new HashSet<string>();
        whole.Description = $"Only the fields of {table.Name} that change{(required ? ", with last_updated" : "")}.";
        return whole;
    }

    private static OpenApiSchema ObjectOf(OpenApiDocument document, ObjectSchema table)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = $"OCPI 2.3.0 {table.Name}. Fields not listed are accepted and kept.",
            Properties = new Dictionary<string, IOpenApiSchema>(),
            Required = new HashSet<string>(),
            AdditionalPropertiesAllowed = true,
        };
        foreach (var field in table.Fields)
        {
            var type = TypeOf(document, field.Type);
            schema.Properties[field.Name] = field.IsList
                ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = type, MinItems = field.Cardinality == Cardinality.AtLeastOne ? 1 : null }
                : type;
            if (field.Cardinality is Cardinality.One or Cardinality.AtLeastOne) schema.Required.Add(field.Name);
        }
        return schema;
    }

    private static IOpenApiSchema TypeOf(OpenApiDocument document, FieldType type) => type switch
    {
        ObjectSchema table => Reference(document, table),
        StringType s => Text(s.Name, s.MaxLength == int.MaxValue ? null : s.MaxLength),
        CiStringType s => Text($"{s.Name}: case-insensitive, printable ASCII", s.MaxLength),
        UnboundedCiStringType => Text("CiString: case-insensitive, printable ASCII", null),
        UrlType => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", MaxLength = 255 },
        DateTimeType => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "UTC, e.g. 2015-06-29T20:39:09Z" },
        NumberType => new OpenApiSchema { Type = JsonSchemaType.Number },
        IntType i => new OpenApiSchema { Type = JsonSchemaType.Integer, Description = i.Name },
        BooleanType => new OpenApiSchema { Type = JsonSchemaType.Boolean },
        EnumType e => new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = e.Name,
            Enum = e.Values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList(),
        },
        OpenEnumType e => Text($"{e.Name} (OpenEnum: the spec's values, or any other string)", null),
        CredentialsTokenType => Text("Credentials token: printable non-whitespace ASCII", 64),
        _ => Text(type.Name, null),
    };

    private static OpenApiSchema Text(string description, int? maxLength) =>
        new() { Type = JsonSchemaType.String, Description = description, MaxLength = maxLength };

    /// <summary>Component names may hold letters, digits, '.', '-' and '_' only.</summary>
    private static string ComponentName(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
}
