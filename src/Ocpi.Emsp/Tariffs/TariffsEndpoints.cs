using Marten;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Tariffs;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tariffs;

/// <summary>Tariffs RECEIVER (mod_tariffs.asciidoc): GET, PUT and DELETE of /{country_code}/{party_id}/{tariff_id}.</summary>
public static class TariffsEndpoints
{
    private const string Tariff = "/{country_code}/{party_id}/{tariff_id}";
    private const int IdLength = 36;

    public static void MapTariffs(this IEndpointRouteBuilder routes)
    {
        var tariffs = routes.MapOcpiModule(ModuleId.Tariffs, InterfaceRole.RECEIVER);
        tariffs.MapGet(Tariff, GetAsync).WithName("GetTariff").WithSummary("The Tariff as we hold it")
            .ProducesOcpi(TariffSchemas.Tariff).ProducesOcpiNotFound("tariff");
        tariffs.MapPut(Tariff, PutAsync).WithName("PutTariff").WithSummary("Create or replace the Tariff")
            .ProducesOcpiPut(TariffSchemas.Tariff).ProducesOcpiNotFound("party");
        tariffs.MapDelete(Tariff, DeleteAsync).WithName("DeleteTariff").WithSummary("The Tariff is withdrawn (deleting it again is harmless)")
            .ProducesOcpi(null).ProducesOcpiNotFound("tariff");
    }

    private static async Task<IResult> GetAsync(string country_code, string party_id, string tariff_id, HttpContext http, IQuerySession query)
    {
        if (ObjectOwnership.Check(http, country_code, party_id, out var owner, ("tariff_id", tariff_id, IdLength)) is { } refusal) return refusal;
        var view = await query.LoadAsync<TariffView>(StreamKeys.For("tariff", owner, tariff_id), http.RequestAborted);
        return view is null || view.Deleted ? Unknown(owner, tariff_id) : OcpiResults.Ok(view.Tariff);
    }

    private static async Task<IResult> PutAsync(string country_code, string party_id, string tariff_id, HttpContext http, ObjectStreamWriter writer)
    {
        if (ObjectOwnership.Check(http, country_code, party_id, out var owner, ("tariff_id", tariff_id, IdLength)) is { } refusal) return refusal;
        var (body, failure) = await OcpiPayload.ReadWholeAsync(http.Request, TariffSchemas.Tariff, http.RequestAborted);
        if (failure is not null) return failure;
        if ((ObjectOwnership.CheckBodyOwner(body!, owner) ?? ObjectOwnership.CheckBodyId(body!, "id", tariff_id)) is { } mismatch) return mismatch;

        return await writer.PutAsync<TariffView>(http, StreamKeys.For("tariff", owner, tariff_id), body!,
            put: b => new TariffPut(OcpiPayload.String(b, "country_code")!, OcpiPayload.String(b, "party_id")!, tariff_id, b),
            stale: (received, held, b) => new TariffStaleUpdateIgnored(received, held, b));
    }

    /// <summary>Deleting a Tariff we hold records it; deleting it again is harmless (1000); an unknown Tariff is 404.</summary>
    private static async Task<IResult> DeleteAsync(string country_code, string party_id, string tariff_id, HttpContext http, ObjectStreamWriter writer)
    {
        if (ObjectOwnership.Check(http, country_code, party_id, out var owner, ("tariff_id", tariff_id, IdLength)) is { } refusal) return refusal;
        return await writer.WriteAsync<TariffView>(http, StreamKeys.For("tariff", owner, tariff_id), stream =>
        {
            if (stream.Aggregate is not { } held) return Unknown(owner, tariff_id);
            if (!held.Deleted) stream.AppendOne(new TariffDeleted(tariff_id));
            return OcpiResults.Ok();
        });
    }

    private static IResult Unknown(Protocol.Common.PartyRef owner, string tariffId) =>
        OcpiResults.NotFound(OcpiStatusCode.InvalidOrMissingParameters, $"Unknown tariff {owner}/{tariffId}");
}
