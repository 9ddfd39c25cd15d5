using System.Text.Json.Nodes;
using Marten;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.InvoiceReconciliation;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.InvoiceReconciliation;

/// <summary>
/// Invoice Reconciliation (mod_invoice_reconciliation.asciidoc, 2.3.0 edition 2), both interfaces on one URL:
/// - RECEIVER, direct billing: a CPO POSTs a new record to the module URL, and PUTs, GETs and DELETEs it at
///   /{country_code}/{party_id}/{id}. A POST or PUT is applied the same way: it creates the record or replaces it whole
///   (older last_updated than held: recorded, not applied). So a POST of an id we hold replaces it, and a retried POST
///   whose answer was lost is harmless. Unknown CDR ids are accepted: they are a finding of reconciliation, not an error.
/// - SENDER, reverse billing: the records we issued (internal API), each listing CDRs of one CPO; a CPO's GET of the
///   list sees only the records about its own parties' CDRs.
/// </summary>
public static class InvoiceReconciliationEndpoints
{
    public const int MaxPageSize = 1000;
    private const string Record = "/{country_code}/{party_id}/{id}";
    private const int IdLength = InvoiceReconciliationSchemas.RecordIdLength;

    public static void MapInvoiceReconciliation(this IEndpointRouteBuilder routes)
    {
        var receiver = routes.MapOcpiModule(ModuleId.InvoiceReconciliation, InterfaceRole.RECEIVER);
        receiver.MapPost("", PostAsync).WithName("PostInvoiceReconciliationRecord")
            .WithSummary("Direct billing: a CPO's new record (a record id we hold is replaced, as by PUT)")
            .ProducesOcpiPut(InvoiceReconciliationSchemas.Record);
        receiver.MapGet(Record, GetAsync).WithName("GetInvoiceReconciliationRecord")
            .WithSummary("Direct billing: one of the CPO's records as we hold it")
            .ProducesOcpi(InvoiceReconciliationSchemas.Record).ProducesOcpiNotFound("record");
        receiver.MapPut(Record, PutAsync).WithName("PutInvoiceReconciliationRecord")
            .WithSummary("Direct billing: creates or replaces one of the CPO's records")
            .ProducesOcpiPut(InvoiceReconciliationSchemas.Record).ProducesOcpiNotFound("party");
        receiver.MapDelete(Record, DeleteAsync).WithName("DeleteInvoiceReconciliationRecord")
            .WithSummary("Direct billing: the CPO withdraws a record that was itself a mistake")
            .ProducesOcpi(null).ProducesOcpiNotFound("record");

        var sender = routes.MapOcpiModule(ModuleId.InvoiceReconciliation, InterfaceRole.SENDER);
        sender.MapGet("", ListAsync).WithName("GetInvoiceReconciliationRecords")
            .WithSummary("Our reverse-billing records about the caller's CDRs, paginated, oldest first (stable order)")
            .ProducesOcpiList(InvoiceReconciliationSchemas.Record);
    }

    private static async Task<IResult> PostAsync(HttpContext http, ObjectStreamWriter writer)
    {
        var (body, failure) = await OcpiPayload.ReadWholeAsync(http.Request, InvoiceReconciliationSchemas.Record, http.RequestAborted);
        if (failure is not null) return failure;
        var owner = new PartyRef(OcpiPayload.String(body!, "country_code")!, OcpiPayload.String(body!, "party_id")!);
        if (!http.MayWriteFor(owner))
            return OcpiResults.InvalidParameters($"country_code/party_id: {owner} is not one of the parties of this connection");
        if (http.SenderMismatch(owner) is { } mismatch) return OcpiResults.InvalidParameters(mismatch);
        // An object we could not name in a URL (GET, and the Location we answer) is refused: OCPI ids are never empty.
        if (OcpiPayload.String(body!, "id") is not { Length: > 0 }) return OcpiResults.InvalidParameters("id must not be empty");
        return await WriteAsync(http, writer, owner, OcpiPayload.String(body!, "id")!, body!);
    }

    private static async Task<IResult> PutAsync(string country_code, string party_id, string id, HttpContext http, ObjectStreamWriter writer)
    {
        if (ObjectOwnership.Check(http, country_code, party_id, out var owner, ("id", id, IdLength)) is { } refusal) return refusal;
        var (body, failure) = await OcpiPayload.ReadWholeAsync(http.Request, InvoiceReconciliationSchemas.Record, http.RequestAborted);
        if (failure is not null) return failure;
        if ((ObjectOwnership.CheckBodyOwner(body!, owner) ?? ObjectOwnership.CheckBodyId(body!, "id", id)) is { } mismatch) return mismatch;
        return await WriteAsync(http, writer, owner, id, body!);
    }

    private static Task<IResult> WriteAsync(HttpContext http, ObjectStreamWriter writer, PartyRef owner, string id, JsonObject body) =>
        writer.PutAsync<InvoiceReconciliationView>(http, StreamKeys.For(ModuleId.InvoiceReconciliation, owner, id), body,
            put: b => new InvoiceReconciliationRecordPushed(OcpiPayload.String(b, "country_code")!, OcpiPayload.String(b, "party_id")!, id, b),
            stale: (received, held, b) => new InvoiceReconciliationRecordStalePushIgnored(received, held, b));

    private static async Task<IResult> GetAsync(string country_code, string party_id, string id, HttpContext http, IQuerySession query)
    {
        if (ObjectOwnership.Check(http, country_code, party_id, out var owner, ("id", id, IdLength)) is { } refusal) return refusal;
        var view = await query.LoadAsync<InvoiceReconciliationView>(StreamKeys.For(ModuleId.InvoiceReconciliation, owner, id), http.RequestAborted);
        return view is null || view.Deleted ? Unknown(owner, id) : OcpiResults.Ok(view.Record);
    }

    /// <summary>Deleting a record we hold records it; deleting it again is harmless (1000); an unknown record is 404.</summary>
    private static async Task<IResult> DeleteAsync(string country_code, string party_id, string id, HttpContext http, ObjectStreamWriter writer)
    {
        if (ObjectOwnership.Check(http, country_code, party_id, out var owner, ("id", id, IdLength)) is { } refusal) return refusal;
        return await writer.WriteAsync<InvoiceReconciliationView>(http, StreamKeys.For(ModuleId.InvoiceReconciliation, owner, id), stream =>
        {
            if (stream.Aggregate is not { } held) return Unknown(owner, id);
            if (!held.Deleted) stream.AppendOne(new InvoiceReconciliationRecordDeleted(id));
            return OcpiResults.Ok();
        });
    }

    /// <summary>
    /// The SENDER list (pull model, reverse billing). date_from/date_to filter on last_updated; ordered by the
    /// last_updated of each record's first version (then its key), so a record issued again never moves and a page
    /// walk sees it once. The caller sees the records about its own parties' CDRs only.
    /// </summary>
    private static async Task<IResult> ListAsync(HttpContext http, IQuerySession session, OcpiEndpointCatalog catalog)
    {
        if (!OcpiPaging.TryParse(http, MaxPageSize, out var page, out var failure)) return failure!;
        // A request from one party of a multi-party connection (OCPI-from) sees that party's records only.
        var parties = http.WritableParties().ToList();
        if (http.Items[typeof(OcpiRouting)] is OcpiRouting { From: { } requester } && parties.Contains(requester)) parties = [requester];
        var cpos = parties.Select(p => InvoiceReconciliationView.CpoKey(p.CountryCode, p.PartyId)).ToArray();
        var query = session.Query<InvoiceReconciliationView>()
            .Where(r => r.Direction == InvoiceReconciliationView.Reverse && !r.Deleted && cpos.Contains(r.Cpo));
        if (page.DateFrom is { } from) query = query.Where(r => r.LastUpdated >= from);
        if (page.DateTo is { } to) query = query.Where(r => r.LastUpdated < to);
        var total = await query.CountAsync(http.RequestAborted);
        var items = await query.OrderBy(r => r.FirstIssuedAt).ThenBy(r => r.Id).Skip(page.Offset).Take(page.Limit).ToListAsync(http.RequestAborted);
        return OcpiPaging.Page(http, catalog.ModuleUrl(ModuleId.InvoiceReconciliation), page, total, MaxPageSize,
            items.Select(r => r.Record).ToList());
    }

    private static IResult Unknown(PartyRef owner, string id) =>
        OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"Unknown invoice reconciliation record {owner}/{id}");
}
