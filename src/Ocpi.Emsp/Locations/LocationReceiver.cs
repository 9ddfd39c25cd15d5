using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Options;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Locations;
using Ocpi.Protocol.Transport;

namespace Ocpi.Emsp.Locations;

/// <summary>
/// Handles the Locations receiver: validate, check ownership and ids, then append to the Location's stream.
/// Semantics (README, "Receiver semantics"): PUT creates or replaces; PATCH never creates; a push older than what we
/// hold is recorded but not applied; EVSEs are removed with status REMOVED, never deleted.
/// </summary>
public sealed partial class LocationReceiver(IQuerySession query, ObjectStreamWriter writer, IOptions<EmspOptions> options)
{
    private const int IdLength = 36;

    public async Task<IResult> GetAsync(HttpContext http, string country, string party, string locationId, string? evseUid, string? connectorId)
    {
        if (Check(http, country, party, locationId, evseUid, connectorId, out var owner) is { } refusal) return refusal;
        var view = await query.LoadAsync<LocationView>(StreamKeys.For("location", owner, locationId), http.RequestAborted);
        if (view is null) return UnknownLocation(owner, locationId);
        if (evseUid is null) return OcpiResults.Ok(view.Location);
        var evse = LocationTree.FindEvse(view.Location, evseUid);
        if (evse is null) return Unknown($"EVSE {evseUid} of location {locationId}");
        if (connectorId is null) return OcpiResults.Ok(evse);
        var connector = LocationTree.FindConnector(evse, connectorId);
        return connector is null ? Unknown($"Connector {connectorId} of EVSE {evseUid}") : OcpiResults.Ok(connector);
    }

    private static IResult? Check(HttpContext http, string country, string party, string locationId, string? evseUid,
        string? connectorId, out PartyRef owner)
    {
        var ids = new List<(string, string, int)> { ("location_id", locationId, IdLength) };
        if (evseUid is not null) ids.Add(("evse_uid", evseUid, IdLength));
        if (connectorId is not null) ids.Add(("connector_id", connectorId, IdLength));
        return ObjectOwnership.Check(http, country, party, out owner, [.. ids]);
    }

    private static IResult UnknownLocation(PartyRef owner, string locationId) =>
        OcpiResults.NotFound(OcpiStatusCode.UnknownLocation, $"Unknown location {owner}/{locationId}");

    private static IResult Unknown(string what) => OcpiResults.NotFound(OcpiStatusCode.UnknownLocation, $"Unknown {what}");

    private static IResult Stale(DateTimeOffset received, DateTimeOffset held) => StalePush.Answer(received, held);
}
