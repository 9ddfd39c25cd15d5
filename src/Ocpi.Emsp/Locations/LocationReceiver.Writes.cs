using System.Text.Json.Nodes;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Ocpi.Receivers;
using Ocpi.Protocol.Locations;

namespace Ocpi.Emsp.Locations;

// PUT and PATCH on the three levels of a Location.
public sealed partial class LocationReceiver
{
    public async Task<IResult> PutLocationAsync(HttpContext http, string country, string party, string locationId)
    {
        if (Check(http, country, party, locationId, null, null, out var owner) is { } refusal) return refusal;
        var (body, failure) = await OcpiPayload.ReadWholeAsync(http.Request, LocationSchemas.Location, http.RequestAborted);
        if (failure is not null) return failure;
        if ((ObjectOwnership.CheckBodyOwner(body!, owner) ?? ObjectOwnership.CheckBodyId(body!, "id", locationId)) is { } mismatch)
            return mismatch;

        return await writer.PutAsync<LocationView>(http, StreamKeys.For("location", owner, locationId), body!,
            put: b => new LocationPut(OcpiPayload.String(b, "country_code")!, OcpiPayload.String(b, "party_id")!, locationId, b),
            stale: (received, held, b) => new LocationStaleUpdateIgnored("location", null, null, received, held, b));
    }

    public async Task<IResult> PutEvseAsync(HttpContext http, string country, string party, string locationId, string evseUid)
    {
        if (Check(http, country, party, locationId, evseUid, null, out var owner) is { } refusal) return refusal;
        var (body, failure) = await OcpiPayload.ReadWholeAsync(http.Request, LocationSchemas.Evse, http.RequestAborted);
        if (failure is not null) return failure;
        if (ObjectOwnership.CheckBodyId(body!, "uid", evseUid) is { } mismatch) return mismatch;

        return await writer.WriteAsync<LocationView>(http, StreamKeys.For("location", owner, locationId), stream =>
        {
            if (stream.Aggregate is not { } held) return UnknownLocation(owner, locationId);
            var existing = LocationTree.FindEvse(held.Location, evseUid);
            var received = OcpiPayload.LastUpdated(body!);
            if (existing is not null && received < LocationTree.LastUpdated(existing))
            {
                stream.AppendOne(new LocationStaleUpdateIgnored("evse", evseUid, null, received, LocationTree.LastUpdated(existing), body!));
                return Stale(received, LocationTree.LastUpdated(existing));
            }
            if (InvalidResult(held, l => LocationTree.PutEvse(l, evseUid, body!)) is { } invalid) return invalid;
            stream.AppendOne(new EvsePut(evseUid, body!));
            return OcpiResults.Ok(existing is null ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        });
    }

    public async Task<IResult> PutConnectorAsync(HttpContext http, string country, string party, string locationId, string evseUid, string connectorId)
    {
        if (Check(http, country, party, locationId, evseUid, connectorId, out var owner) is { } refusal) return refusal;
        var (body, failure) = await OcpiPayload.ReadWholeAsync(http.Request, LocationSchemas.Connector, http.RequestAborted);
        if (failure is not null) return failure;
        if (ObjectOwnership.CheckBodyId(body!, "id", connectorId) is { } mismatch) return mismatch;

        return await writer.WriteAsync<LocationView>(http, StreamKeys.For("location", owner, locationId), stream =>
        {
            if (stream.Aggregate is not { } held) return UnknownLocation(owner, locationId);
            if (LocationTree.FindEvse(held.Location, evseUid) is not { } evse) return Unknown($"EVSE {evseUid} of location {locationId}");
            var existing = LocationTree.FindConnector(evse, connectorId);
            var received = OcpiPayload.LastUpdated(body!);
            if (existing is not null && received < LocationTree.LastUpdated(existing))
            {
                stream.AppendOne(new LocationStaleUpdateIgnored("connector", evseUid, connectorId, received, LocationTree.LastUpdated(existing), body!));
                return Stale(received, LocationTree.LastUpdated(existing));
            }
            if (InvalidResult(held, l => LocationTree.PutConnector(l, evseUid, connectorId, body!)) is { } invalid) return invalid;
            stream.AppendOne(new ConnectorPut(evseUid, connectorId, body!));
            return OcpiResults.Ok(existing is null ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        });
    }

    /// <summary>PATCH on any level: must carry last_updated, never creates, ids in the body must agree with the URL.</summary>
    public async Task<IResult> PatchAsync(HttpContext http, string country, string party, string locationId, string? evseUid, string? connectorId)
    {
        if (Check(http, country, party, locationId, evseUid, connectorId, out var owner) is { } refusal) return refusal;
        var schema = connectorId is not null ? LocationSchemas.Connector : evseUid is not null ? LocationSchemas.Evse : LocationSchemas.Location;
        var (patch, failure) = await OcpiPayload.ReadPatchAsync(http.Request, schema, http.RequestAborted);
        if (failure is not null) return failure;
        if (IdsInPatch(patch!, owner, locationId, evseUid, connectorId) is { } mismatch) return mismatch;

        return await writer.WriteAsync<LocationView>(http, StreamKeys.For("location", owner, locationId), stream =>
        {
            if (stream.Aggregate is not { } held) return UnknownLocation(owner, locationId);
            var evse = evseUid is null ? null : LocationTree.FindEvse(held.Location, evseUid);
            if (evseUid is not null && evse is null) return Unknown($"EVSE {evseUid} of location {locationId}");
            var connector = connectorId is null ? null : LocationTree.FindConnector(evse!, connectorId);
            if (connectorId is not null && connector is null) return Unknown($"Connector {connectorId} of EVSE {evseUid}");
            var target = connector ?? evse ?? held.Location;

            var received = OcpiPayload.LastUpdated(patch!);
            var current = LocationTree.LastUpdated(target);
            if (received < current)
            {
                var level = connectorId is not null ? "connector" : evseUid is not null ? "evse" : "location";
                stream.AppendOne(new LocationStaleUpdateIgnored(level, evseUid, connectorId, received, current, patch!));
                return Stale(received, current);
            }
            object fact = connectorId is not null ? new ConnectorPatched(evseUid!, connectorId, patch!)
                : evseUid is not null ? new EvsePatched(evseUid, patch!)
                : new LocationPatched(patch!);
            if (InvalidResult(held, l => LocationProjection.ApplyTo(l, fact)) is { } invalid) return invalid;
            stream.AppendOne(fact);
            return OcpiResults.Ok();
        });
    }

    /// <summary>
    /// A change must leave a Location that still satisfies its table and rules (a PATCH cannot, say, give two connectors
    /// one id, or set publish=true next to publish_allowed_to), and stays within the caps on stored objects.
    /// </summary>
    private IResult? InvalidResult(LocationView held, Action<JsonObject> change)
    {
        var result = (JsonObject)held.Location.DeepClone();
        change(result);
        var element = System.Text.Json.JsonSerializer.SerializeToElement(result);
        var validation = LocationSchemas.Location.Validate(element);
        if (!validation.IsValid) return OcpiResults.InvalidParameters($"The resulting Location would be invalid: {validation.Describe()}");
        return OcpiPayload.OverLimits(options.Value.ObjectLimits, LocationSchemas.Location, element, "The resulting Location would exceed a cap: ");
    }

    private static IResult? IdsInPatch(JsonObject patch, Protocol.Common.PartyRef owner, string locationId, string? evseUid, string? connectorId)
    {
        if (connectorId is not null)
            return patch.ContainsKey("id") ? ObjectOwnership.CheckBodyId(patch, "id", connectorId) : null;
        if (evseUid is not null)
            return patch.ContainsKey("uid") ? ObjectOwnership.CheckBodyId(patch, "uid", evseUid) : null;
        if (patch.ContainsKey("id") && ObjectOwnership.CheckBodyId(patch, "id", locationId) is { } idMismatch) return idMismatch;
        if (patch.ContainsKey("country_code") || patch.ContainsKey("party_id"))
        {
            var full = new JsonObject
            {
                ["country_code"] = patch["country_code"]?.DeepClone() ?? owner.CountryCode,
                ["party_id"] = patch["party_id"]?.DeepClone() ?? owner.PartyId,
            };
            return ObjectOwnership.CheckBodyOwner(full, owner);
        }
        return null;
    }
}
