using Ocpi.Emsp.Ocpi;
using Ocpi.Protocol.Locations;
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
            r.GetAsync(http, country_code, party_id, location_id, null, null)).WithName("GetLocation")
            .WithSummary("The Location as we hold it").ProducesOcpi(LocationSchemas.Location).ProducesOcpiNotFound("location");
        locations.MapGet(Evse, (string country_code, string party_id, string location_id, string evse_uid, LocationReceiver r, HttpContext http) =>
            r.GetAsync(http, country_code, party_id, location_id, evse_uid, null)).WithName("GetEvse")
            .WithSummary("The EVSE as we hold it").ProducesOcpi(LocationSchemas.Evse).ProducesOcpiNotFound("location or EVSE");
        locations.MapGet(Connector, (string country_code, string party_id, string location_id, string evse_uid, string connector_id, LocationReceiver r, HttpContext http) =>
            r.GetAsync(http, country_code, party_id, location_id, evse_uid, connector_id)).WithName("GetConnector")
            .WithSummary("The Connector as we hold it").ProducesOcpi(LocationSchemas.Connector).ProducesOcpiNotFound("location, EVSE or connector");

        locations.MapPut(Location, (string country_code, string party_id, string location_id, LocationReceiver r, HttpContext http) =>
            r.PutLocationAsync(http, country_code, party_id, location_id)).WithName("PutLocation")
            .WithSummary("Create or replace the Location").ProducesOcpiPut(LocationSchemas.Location).ProducesOcpiNotFound("location");
        locations.MapPut(Evse, (string country_code, string party_id, string location_id, string evse_uid, LocationReceiver r, HttpContext http) =>
            r.PutEvseAsync(http, country_code, party_id, location_id, evse_uid)).WithName("PutEvse")
            .WithSummary("Create or replace the EVSE").ProducesOcpiPut(LocationSchemas.Evse).ProducesOcpiNotFound("location or");
        locations.MapPut(Connector, (string country_code, string party_id, string location_id, string evse_uid, string connector_id, LocationReceiver r, HttpContext http) =>
            r.PutConnectorAsync(http, country_code, party_id, location_id, evse_uid, connector_id)).WithName("PutConnector")
            .WithSummary("Create or replace the Connector").ProducesOcpiPut(LocationSchemas.Connector).ProducesOcpiNotFound("location, EVSE or");

        locations.MapPatch(Location, (string country_code, string party_id, string location_id, LocationReceiver r, HttpContext http) =>
            r.PatchAsync(http, country_code, party_id, location_id, null, null)).WithName("PatchLocation")
            .WithSummary("Change some fields of the Location").AcceptsOcpi(LocationSchemas.Location, patch: true).ProducesOcpi(null).ProducesOcpiNotFound("location");
        locations.MapPatch(Evse, (string country_code, string party_id, string location_id, string evse_uid, LocationReceiver r, HttpContext http) =>
            r.PatchAsync(http, country_code, party_id, location_id, evse_uid, null)).WithName("PatchEvse")
            .WithSummary("Change some fields of the EVSE").AcceptsOcpi(LocationSchemas.Evse, patch: true).ProducesOcpi(null).ProducesOcpiNotFound("location or EVSE");
        locations.MapPatch(Connector, (string country_code, string party_id, string location_id, string evse_uid, string connector_id, LocationReceiver r, HttpContext http) =>
            r.PatchAsync(http, country_code, party_id, location_id, evse_uid, connector_id)).WithName("PatchConnector")
            .WithSummary("Change some fields of the Connector").AcceptsOcpi(LocationSchemas.Connector, patch: true).ProducesOcpi(null).ProducesOcpiNotFound("location, EVSE or connector");
    }
}
