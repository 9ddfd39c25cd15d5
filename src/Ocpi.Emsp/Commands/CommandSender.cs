using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Partners;
using Ocpi.Protocol.Commands;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Commands;

/// <summary>
/// POSTs a command to the CPO's commands RECEIVER ({url}/{command}) and turns its answer into an event. The spec's
/// status rules: a readable CommandResponse is recorded whatever it says (an unknown Location is answered 2003 with
/// REJECTED); an ACCEPTED only counts with a 1xxx status; no answer, an HTTP 5xx, no envelope or a refusal without a
/// CommandResponse is SEND_FAILED. A send is never retried: a driver's tap must not start two sessions.
/// </summary>
public sealed class CommandSender(IHttpClientFactory httpClients, IHttpContextAccessor accessor, IOptions<EmspOptions> options,
    IOptions<CommandOptions> commandOptions, TimeProvider clock, ILogger<CommandSender> logger)
{
    public static VersionEndpoint? CommandsEndpoint(Partner partner) =>
        partner.IsRegistered ? partner.FindEndpoint(ModuleId.Commands, InterfaceRole.RECEIVER) : null;

    /// <summary>The event the attempt became: <see cref="CommandSent"/> or <see cref="CommandSendFailed"/>.</summary>
    public async Task<object> SendAsync(IDocumentSession session, CommandView command, CancellationToken ct)
    {
        var partner = await session.LoadAsync<Partner>(command.PartnerId, ct);
        var endpoint = partner is null ? null : CommandsEndpoint(partner);
        var secret = partner is null ? null : await session.LoadAsync<PartnerSecret>(partner.Id, ct);
        if (endpoint is null || secret is null)
            return new CommandSendFailed(null, "the partner is no longer registered with a commands RECEIVER endpoint", null, null);

        var url = $"{endpoint.Url.TrimEnd('/')}/{command.Type}";
        OcpiAnswer answer;
        try
        {
            var client = new OcpiClient(httpClients.CreateClient(nameof(OcpiClient)), accessor);
            answer = await client.SendForAnswerAsync(HttpMethod.Post, url, secret.OutboundToken, command.Command,
                (options.Value.Party, command.Cpo), command.CorrelationId, ct);
        }
        catch (PartnerCallException e)
        {
            logger.LogWarning("Command {CommandId} to partner {PartnerId} failed: {Reason}", command.CommandId, command.PartnerId, e.Message);
            return new CommandSendFailed(url, e.Message, null, null);
        }
        return Interpret(url, answer);
    }

    private object Interpret(string url, OcpiAnswer answer)
    {
        var statusOk = answer.StatusCode is { } code && OcpiStatusCode.IsSuccess(code);
        var described = $"HTTP {answer.HttpStatus}, OCPI status {answer.StatusCode?.ToString() ?? "none"}" +
                        (answer.StatusMessage is { } m ? $": {m}" : "");
        if (answer.HttpStatus >= 500 || answer.Envelope is null)
            return new CommandSendFailed(url, $"answered {described}", answer.HttpStatus, answer.StatusCode);

        var response = answer.Data is { ValueKind: JsonValueKind.Object } data && CommandSchemas.CommandResponse.Validate(data).IsValid
            ? JsonObject.Create(data)
            : null;
        var result = response?["result"]?.GetValue<string>();
        if (response is not null && (statusOk || result != CommandStatus.Accepted))
        {
            var timeout = Math.Max(0, response["timeout"]!.GetValue<long>());
            DateTimeOffset? deadline = result == CommandStatus.Accepted
                ? clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(timeout, (long)TimeSpan.FromDays(365).TotalSeconds)) + commandOptions.Value.TimeoutGrace
                : null;
            return new CommandSent(url, answer.HttpStatus, answer.StatusCode, answer.StatusMessage, result, (int)Math.Min(timeout, int.MaxValue),
                response["message"]?.DeepClone() as JsonArray, response, deadline);
        }
        if (statusOk && answer.HttpStatus is >= 200 and < 300)
            return new CommandSent(url, answer.HttpStatus, answer.StatusCode, answer.StatusMessage, null, null, null, null,
                clock.GetUtcNow() + commandOptions.Value.DefaultTimeout + commandOptions.Value.TimeoutGrace);
        return new CommandSendFailed(url, $"answered {described} without a CommandResponse", answer.HttpStatus, answer.StatusCode);
    }
}
