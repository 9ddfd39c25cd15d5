using Ocpi.Emsp.Ocpi;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Locations;

/// <summary>Locations RECEIVER (mod_locations.asciidoc): GET, PUT and PATCH on Location, EVSE and Connector level.</summary>
public static class LocationsEndpoints
{
    private const string Location = "/{country_code}/{party_id}/{location_id}";
    private const string Evse = Location + "/{evse_uid}";
    private const string Connector = Evse + "/{connector_id}";

    public static void MapLocations(this IEndpointRouteBuilder routes)
    {
        var locations = routes.MapOcpiModule(ModuleId.Locations, InterfaceRole.RECEIVER);

        locations.MapGet(Location, (string country_code, string party_id, string location_id, LocationReceiver r, HttpContext http) =>
            r.GetAsync(http, country_code, party_id, location_id, null, null)).WithName("GetLocation");
        locations.MapGet(Evse, (string country_code, string party_id, string location_id, string evse_uid, LocationReceiver r, HttpContext http) =>
            r.GetAsync(http, country_code, party_id, location_id, evse_uid, null)).WithName("GetEvse");
        locations.MapGet(Connector, (string country_code, string party_id, string location_id, string evse_uid, string connector_id, LocationReceiver r, HttpContext http) =>
            r.GetAsync(http, country_code, party_id, location_id, evse_uid, connector_id)).WithName("GetConnector");

        locations.MapPut(Location, (string country_code, string party_id, string location_id, LocationReceiver r, HttpContext http) =>
            r.PutLocationAsync(http, country_code, party_id, location_id)).WithName("PutLocation");
        locations.MapPut(Evse, (string country_code, string party_id, string location_id, string evse_uid, LocationReceiver r, HttpContext http) =>
            r.PutEvseAsync(http, country_code, party_id, location_id, evse_uid)).WithName("PutEvse");
        locations.MapPut(Connector, (string country_code, string party_id, string location_id, string evse_uid, string connector_id, LocationReceiver r, HttpContext http) =>
            r.PutConnectorAsync(http, country_code, party_id, location_id, evse_uid, connector_id)).WithName("PutConnector");

        locations.MapPatch(Location, (string country_code, string party_id, string location_id, LocationReceiver r, HttpContext http) =>
            r.PatchAsync(http, country_code, party_id, location_id, null, null)).WithName("PatchLocation");
        locations.MapPatch(Evse, (string country_code, string party_id, string location_id, string evse_uid, LocationReceiver r, HttpContext http) =>
            r.PatchAsync(http, country_code, party_id, location_id, evse_uid, null)).WithName("PatchEvse");
        locations.MapPatch(Connector, (string country_code, string party_id, string location_id, string evse_uid, string connector_id, LocationReceiver r, HttpContext http) =>
            r.PatchAsync(http, country_code, party_id, location_id, evse_uid, connector_id)).WithName("PatchConnector");
    }
}
