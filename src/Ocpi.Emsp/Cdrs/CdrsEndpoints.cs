using Marten;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Cdrs;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Cdrs;

/// <summary>
/// CDRs RECEIVER (mod_cdrs.asciidoc): POST of a new CDR (answered with a Location header pointing at our copy) and GET of
/// that URL. A CDR is immutable: the same id POSTed again with identical content is accepted as a redelivery; with
/// different content it is refused with 2000 and the original kept (corrections come as credit CDRs).
/// </summary>
public static class CdrsEndpoints
{
    private const string Cdr = "/{country_code}/{party_id}/{cdr_id}";
    private const int IdLength = 39;

    public static void MapCdrs(this IEndpointRouteBuilder routes)
    {
        var cdrs = routes.MapOcpiModule(ModuleId.Cdrs, InterfaceRole.RECEIVER);
        cdrs.MapPost("", PostAsync).WithName("PostCdr").WithSummary("A new CDR; the Location header gives its URL here")
            .AcceptsOcpi(CdrSchemas.Cdr)
            .ProducesOcpi(null, StatusCodes.Status201Created, "Stored: the CDR was new (Location header: its URL)")
            .ProducesOcpi(null, StatusCodes.Status200OK, "The same CDR again: nothing changes (Location header: its URL)");
        cdrs.MapGet(Cdr, GetAsync).WithName("GetCdr").WithSummary("The CDR as we hold it")
            .ProducesOcpi(CdrSchemas.Cdr).ProducesOcpiNotFound("CDR");
    }

    /// <summary>
    /// GET at the Location we gave. A CDR id is any CiString(39), so it may hold a space or a slash: the URL check allows
    /// the space here, and since the host leaves an escaped slash (%2F) undecoded, an id read with %2F that is not held
    /// is looked up again with the slash.
    /// </summary>
    private static async Task<IResult> GetAsync(string country_code, string party_id, string cdr_id, HttpContext http, IQuerySession query)
    {
        if (ObjectOwnership.Check(http, country_code, party_id, out var owner) is { } refusal) return refusal;
        var candidates = new[] { cdr_id, cdr_id.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase) }.Distinct().Where(IsCdrId).ToList();
        if (candidates.Count == 0) return OcpiResults.InvalidParameters($"cdr_id in the URL must be a CiString({IdLength})");
        foreach (var id in candidates)
            if (await query.LoadAsync<CdrView>(StreamKeys.For("cdr", owner, id), http.RequestAborted) is { } view)
                return OcpiResults.Ok(view.Cdr);
        return OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"Unknown CDR {owner}/{cdr_id}");
    }

    private static bool IsCdrId(string id) => id.Length is > 0 and <= IdLength && id.All(c => c is >= ' ' and <= '~');

    private static async Task<IResult> PostAsync(HttpContext http, ObjectStreamWriter writer, OcpiEndpointCatalog catalog)
    {
        var (body, failure) = await OcpiPayload.ReadWholeAsync(http.Request, CdrSchemas.Cdr, http.RequestAborted);
        if (failure is not null) return failure;
        var owner = new PartyRef(OcpiPayload.String(body!, "country_code")!, OcpiPayload.String(body!, "party_id")!);
        if (!http.MayWriteFor(owner))
            return OcpiResults.InvalidParameters($"country_code/party_id: {owner} is not one of the parties of this connection");
        if (http.SenderMismatch(owner) is { } mismatch) return OcpiResults.InvalidParameters(mismatch);
        // An object we could not name in a URL (GET, and the Location we answer) is refused: OCPI ids are never empty.
        if (OcpiPayload.String(body!, "id") is not { Length: > 0 }) return OcpiResults.InvalidParameters("id must not be empty");
        var cdrId = OcpiPayload.String(body!, "id")!;
        var location = new Dictionary<string, string>
        {
            ["Location"] = $"{catalog.ModuleUrl(ModuleId.Cdrs)}/{Uri.EscapeDataString(owner.CountryCode)}/{Uri.EscapeDataString(owner.PartyId)}/{Uri.EscapeDataString(cdrId)}",
        };

        return await writer.WriteAsync<CdrView>(http, StreamKeys.For("cdr", owner, cdrId), stream =>
            CdrDecision.Decide(stream, owner, cdrId, body!, ObjectSource.Push) switch
            {
                CdrOutcome.Conflicting => OcpiResults.Error(StatusCodes.Status200OK, OcpiStatusCode.ClientError,
                    $"CDR {cdrId} was already received with different content; CDRs cannot change, send a credit CDR instead"),
                CdrOutcome.Redelivered => (IResult)OcpiResults.Ok<object?>(null, StatusCodes.Status200OK, location),
                _ => OcpiResults.Ok<object?>(null, StatusCodes.Status201Created, location),
            }, createsWhenAbsent: true);
    }
}
