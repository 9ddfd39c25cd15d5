using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Hub;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Emsp.Partners;
using Ocpi.Emsp.Tokens;
using Ocpi.Protocol.Commands;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Versions;
using Wolverine.Marten;

namespace Ocpi.Emsp.Commands;

/// <summary>
/// POST /api/commands: checks the request, completes the command object (our response_url, our stored Token, our
/// authorization_reference), validates it against the spec's table and appends <see cref="CommandRequested"/>; the send
/// is enrolled in the durable outbox in the same transaction, so a command is never sent unrecorded nor recorded unsent.
/// Refused (nothing stored): a bad request (400, naming the field), a CPO we are not registered with (404), a CPO
/// without a commands RECEIVER endpoint, or one its Hub reports as not CONNECTED (409: it could only fail). A CPO behind
/// a Hub is reached through that Hub (<see cref="PartyRoutes"/>).
/// </summary>
public sealed class CommandRequests(IDocumentSession session, IMartenOutbox outbox, IOptions<EmspOptions> options)
{
    public sealed record Accepted(string Id, string Status);

    public async Task<IResult> RequestAsync(HttpContext http, JsonElement body)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors.TryAdd(field, [message]);
        if (body.ValueKind != JsonValueKind.Object) return Problem(new() { ["(body)"] = ["expected an object with cpo, type and request"] });

        var cpo = PartyInput.Read(body, "cpo", Fail);
        var type = body.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
        if (type is null) Fail("type", "required: one of " + string.Join(", ", CommandSchemas.CommandTypes));
        else if (CommandSchemas.ObjectFor(type) is null) Fail("type", $"'{type}' is not a command we send (one of {string.Join(", ", CommandSchemas.CommandTypes)})");
        var command = body.TryGetProperty("request", out var r) && r.ValueKind == JsonValueKind.Object ? JsonObject.Create(r)! : null;
        if (command is null) Fail("request", "required: the command object, without response_url");
        else
        {
            if (command.ContainsKey("response_url")) Fail("request.response_url", "is ours to give: leave it out");
            if (command.ContainsKey("authorization_reference"))
                Fail("request.authorization_reference", "is generated per command, so that its Session and CDR can be linked: leave it out");
        }
        if (errors.Count > 0) return Problem(errors);

        var id = Guid.NewGuid().ToString("N");
        if (CommandSchemas.CarriesToken(type!) && await OurTokenAsync(command!, Fail, http.RequestAborted) is { } token)
        {
            command!["token"] = token;
            command["authorization_reference"] = id;
        }
        if (errors.Count > 0) return Problem(errors);
        var responseUrl = $"{options.Value.BaseUrl}{OcpiEndpointCatalog.ModulePath(ModuleId.Commands)}/{type}/{id}";
        command!["response_url"] = responseUrl;
        var validation = CommandSchemas.ObjectFor(type!)!.Validate(JsonSerializer.SerializeToElement(command));
        if (!validation.IsValid)
            return Problem(validation.Errors.GroupBy(e => "request." + e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));

        var (route, refusal) = await PartyRoutes.ToEndpointAsync(session, cpo!.Value, CommandSender.CommandsEndpoint,
            "commands RECEIVER endpoint in its version details: it cannot take commands", "the command was not sent", http.RequestAborted);
        if (refusal is not null) return refusal;
        var partner = route!.Partner;

        session.Events.StartStream<CommandView>(CommandView.StreamKey(id),
            new CommandRequested(id, type!, cpo!.Value, partner.Id, command, responseUrl, OcpiPayloadReference(command)));
        session.StampFromInternalRequest(http, partner.Id);
        outbox.Enroll(session);
        await outbox.PublishAsync(new SendCommand(id));
        await session.SaveChangesAsync(http.RequestAborted);
        return Results.Accepted($"/api/commands/{id}", new Accepted(id, CommandStatus.Requested));
    }

    private static string? OcpiPayloadReference(JsonObject command) => OcpiPayload.String(command, "authorization_reference");


    /// <summary>
    /// The command's token must be one of ours and valid (the spec: the eMSP authorizes before it sends, and only its own
    /// tokens may be used). The caller names it by uid and type; our stored Token object is what is sent.
    /// </summary>
    private async Task<JsonObject?> OurTokenAsync(JsonObject command, Action<string, string> fail, CancellationToken ct)
    {
        if (command["token"] is not JsonObject given || OcpiPayload.String(given, "uid") is not { Length: > 0 } uid)
        {
            fail("request.token", "required: one of our tokens, at least {\"uid\": \"...\", \"type\": \"...\"}");
            return null;
        }
        var us = options.Value.Party;
        var owner = new PartyRef(OcpiPayload.String(given, "country_code") ?? us.CountryCode, OcpiPayload.String(given, "party_id") ?? us.PartyId);
        if (!owner.Equals(us))
        {
            fail("request.token", $"must be one of our own tokens ({us}), not {owner}'s");
            return null;
        }
        var type = OcpiPayload.String(given, "type") ?? Protocol.Tokens.TokenSchemas.DefaultType;
        var view = await session.LoadAsync<TokenView>(TokenView.KeyOf(us, uid, type), ct);
        var refusal = view switch
        {
            null => $"unknown token {type} {uid}",
            { Valid: false } => $"token {type} {uid} is not valid (blocked)",
            { Policy.ExpiresAt: { } expiry } when expiry <= DateTimeOffset.UtcNow => $"token {type} {uid} has expired",
            { Policy.NoCredit: true } => $"token {type} {uid} has no credit",
            _ => null,
        };
        if (refusal is null) return (JsonObject)view!.Token.DeepClone();
        fail("request.token", refusal);
        return null;
    }

    private static IResult Problem(Dictionary<string, string[]> errors) => Results.ValidationProblem(errors);
}
