using System.Text.Json.Nodes;
using Marten;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Ocpi;
using Ocpi.Protocol.Commands;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Commands;

/// <summary>
/// Commands SENDER (mod_commands.asciidoc): the response_url of each command we send, POST {commands}/{COMMAND}/{id},
/// where the CPO posts the charge point's CommandResult. Only the partner the command was sent to may post it: for anyone
/// else, as for an unknown or mistyped URL, the command does not exist (HTTP 404, OCPI 2001; the spec leaves an unknown
/// callback URL open) and nothing is stored. The body is checked first, as on every OCPI endpoint: not JSON is HTTP 400,
/// a CommandResult that breaks its table is 2001; neither stores anything. A second result, or one after our timeout, is recorded as ignored and answered 1000
/// (the CPO did nothing wrong by calling again, and OCPI has it not retry).
/// </summary>
public static class CommandResultEndpoints
{
    public static void MapCommands(this IEndpointRouteBuilder routes)
    {
        var sender = routes.MapOcpiModule(ModuleId.Commands, InterfaceRole.SENDER);
        sender.MapPost("/{command}/{id}", PostResultAsync).WithName("PostCommandResult")
            .WithSummary("The CPO posts the CommandResult of one of our commands to its response_url")
            .Produces<OcpiResponse<object>>();
    }

    private static async Task<IResult> PostResultAsync(string command, string id, HttpContext http, IDocumentSession session,
        ILogger<CommandView> logger)
    {
        var (document, failure) = await OcpiBody.ParseAsync(http.Request, http.RequestAborted);
        if (failure is not null) return failure;
        var validation = CommandSchemas.CommandResult.Validate(document!.Value);
        if (!validation.IsValid) return OcpiResults.InvalidParameters(validation.Describe());
        var result = JsonObject.Create(document.Value)!;
        var resultType = result["result"]!.GetValue<string>();

        var caller = http.Caller().Partner;
        var held = id.Length is > 0 and <= 64 ? await session.LoadAsync<CommandView>(CommandView.StreamKey(id), http.RequestAborted) : null;
        if (held is null || held.PartnerId != caller.Id || !string.Equals(held.Type, command, StringComparison.Ordinal))
        {
            if (held is not null && held.PartnerId != caller.Id)
                logger.LogWarning("Partner {PartnerId} posted a result for command {CommandId} of partner {Owner}: refused",
                    caller.Id, id, held.PartnerId);
            return OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"Unknown command {command}/{id}");
        }

        var stream = await session.Events.FetchForExclusiveWriting<CommandView>(CommandView.StreamKey(id), http.RequestAborted);
        var reason = CommandResultRules.IgnoreReason(stream.Aggregate!, resultType);
        stream.AppendOne(reason is null ? new CommandResultReceived(resultType, result) : new CommandResultIgnored(reason, resultType, result));
        session.StampFromOcpiRequest(http, caller.Id);
        await session.SaveChangesAsync(http.RequestAborted);
        return reason is null ? OcpiResults.Ok() : OcpiResults.OkWithMessage($"Result recorded but not applied ({reason})");
    }
}
