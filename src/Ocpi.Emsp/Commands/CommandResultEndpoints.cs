using Marten;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Commands;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Commands;

/// <summary>
/// Commands SENDER (mod_commands.asciidoc): the response_url of each command we send, POST {commands}/{COMMAND}/{id},
/// where the CPO posts the charge point's CommandResult, received by <see cref="AsyncResultCallback"/> (body checked
/// first, only the partner the command was sent to, else 404/2001 and nothing stored). A second result, or one after our
/// timeout, is recorded as ignored and answered 1000 (the CPO did nothing wrong by calling again, and OCPI has it not retry).
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

    private static Task<IResult> PostResultAsync(string command, string id, HttpContext http, IDocumentStore store, ILogger<CommandView> logger) =>
        AsyncResultCallback.ReceiveAsync(http, store, logger, new AsyncResultTarget<CommandView>(
            $"Unknown command {command}/{id}", CommandSchemas.CommandResult,
            id.Length is > 0 and <= 64 ? CommandView.StreamKey(id) : null,
            held => held.PartnerId,
            (held, result) =>
            {
                if (!string.Equals(held.Type, command, StringComparison.Ordinal)) return null;
                var resultType = result["result"]!.GetValue<string>();
                var reason = CommandResultRules.IgnoreReason(held, resultType);
                return reason is null
                    ? CallbackOutcome.Applied(new CommandResultReceived(resultType, result))
                    : CallbackOutcome.Ignored(new CommandResultIgnored(reason, resultType, result), $"Result recorded but not applied ({reason})");
            }));
}
