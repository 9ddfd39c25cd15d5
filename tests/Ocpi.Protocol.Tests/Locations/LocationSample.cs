using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ocpi.Protocol.Locations;
using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Locations;

/// <summary>
/// A valid Location that uses every class of the module (and most optional fields), and a helper that changes one value
/// at a path such as <c>evses[0].connectors[0].standard</c>, so that each test names the path it expects in the error.
/// </summary>
internal static partial class LocationSample
{
    public const string Json = """
        {
          "country_code": "BE",
          "party_id": "BEC",
          "id": "LOC1",
          "publish": false,
          "publish_allowed_to": [
            { "uid": "12345678905880", "type": "RFID" },
            { "visual_number": "12345-67", "issuer": "NewMotion" },
            { "group_id": "DEPOT-1" }
          ],
          "name": "Gent Zuid",
          "address": "F.Rooseveltlaan 3A",
          "city": "Gent",
          "postal_code": "9000",
          "state": "Oost-Vlaanderen",
          "country": "BEL",
          "coordinates": { "latitude": "51.047599", "longitude": "3.729944" },
          "related_locations": [
            { "latitude": "51.047700", "longitude": "3.730012", "name": { "language": "nl", "text": "Ingang Rooseveltlaan" } }
          ],
          "parking_type": "PARKING_GARAGE",
          "evses": [{
            "uid": "3256",
            "evse_id": "BE*BEC*E041503001",
            "status": "AVAILABLE",
            "status_schedule": [
              { "period_begin": "2024-01-01T00:00:00Z", "period_end": "2024-02-01T00:00:00Z", "status": "INOPERATIVE" }
            ],
            "capabilities": ["RESERVABLE", "RFID_READER"],
            "connectors": [{
              "id": "1",
              "standard": "IEC_62196_T2",
              "format": "CABLE",
              "power_type": "AC_3_PHASE",
              "max_voltage": 230,
              "max_amperage": 16,
              "max_electric_power": 11000,
              "tariff_ids": ["11"],
              "terms_and_conditions": "https://example.com/terms",
              "capabilities": ["ISO_15118_2_PLUG_AND_CHARGE"],
              "last_updated": "2015-03-16T10:10:02Z"
            }],
            "floor_level": "-1",
            "coordinates": { "latitude": "51.047612", "longitude": "3.729951" },
            "physical_reference": "1",
            "directions": [{ "language": "en", "text": "Level -1, left of the lift" }],
            "parking_restrictions": ["EV_ONLY"],
            "parking": [{ "parking_id": "1", "evse_position": "LEFT" }],
            "images": [{ "url": "https://example.com/img/evse.jpg", "category": "CHARGER", "type": "jpeg" }],
            "accepted_service_providers": ["Example Provider"],
            "last_updated": "2015-06-28T08:12:01Z"
          }],
          "parking_places": [{
            "id": "1",
            "physical_reference": "B1",
            "vehicle_types": ["PERSONAL_VEHICLE", "VAN"],
            "max_vehicle_weight": 3500,
            "max_vehicle_height": 275,
            "max_vehicle_length": 600,
            "max_vehicle_width": 220.5,
            "parking_space_length": 650,
            "parking_space_width": 300,
            "dangerous_goods_allowed": false,
            "direction": "PERPENDICULAR",
            "drive_through": false,
            "restricted_to_type": true,
            "reservation_required": false,
            "time_limit": 240,
            "roofed": true,
            "images": [{ "url": "https://example.com/img/bay.jpg", "category": "LOCATION", "type": "png", "width": 800, "height": 600 }],
            "lighting": true,
            "refrigeration_outlet": false,
            "standards": ["PAS 1899"],
            "apds_reference": "APDS-PLACE-0001"
          }],
          "directions": [{ "language": "nl", "text": "Ingang via de Rooseveltlaan" }],
          "operator": {
            "name": "BeCharged",
            "website": "https://example.com",
            "logo": { "url": "https://example.com/img/logo.png", "category": "OPERATOR", "type": "png", "width": 512, "height": 512 }
          },
          "suboperator": { "name": "Sub Operator" },
          "owner": { "name": "Owner" },
          "facilities": ["MALL", "TRAIN_STATION"],
          "time_zone": "Europe/Brussels",
          "opening_times": {
            "twentyfourseven": false,
            "regular_hours": [{ "weekday": 1, "period_begin": "08:00", "period_end": "20:00" }],
            "exceptional_openings": [{ "period_begin": "2014-06-21T09:00:00Z", "period_end": "2014-06-21T12:00:00Z" }],
            "exceptional_closings": [{ "period_begin": "2014-06-24T00:00:00Z", "period_end": "2014-06-25T00:00:00Z" }]
          },
          "charging_when_closed": true,
          "images": [{ "url": "https://example.com/img/location.jpg", "thumbnail": "https://example.com/img/location_t.jpg", "category": "LOCATION", "type": "jpeg" }],
          "energy_mix": {
            "is_green_energy": true,
            "energy_sources": [{ "source": "SOLAR", "percentage": 100 }],
            "environ_impact": [{ "category": "CARBON_DIOXIDE", "amount": 0 }],
            "supplier_name": "Green Supplier",
            "energy_product_name": "Sun"
          },
          "help_phone": "+32 9 123 45 67",
          "last_updated": "2015-06-29T20:39:09Z"
        }
        """;

    public static JsonNode Node() => JsonNode.Parse(Json)!;

    /// <summary>The sample with the value at <paramref name="path"/> replaced (or added) by <paramref name="jsonValue"/>;
    /// a null <paramref name="jsonValue"/> removes the field.</summary>
    public static JsonNode With(string path, string? jsonValue) => Edit(Node(), path, jsonValue);

    public static ValidationResult Validate(JsonNode location) => LocationSchemas.Location.Validate(Element(location));

    public static JsonElement Element(JsonNode node) => JsonElement.Parse(node.ToJsonString());

    /// <summary>The node at <paramref name="path"/> ("" is the root).</summary>
    public static JsonNode At(JsonNode root, string path)
    {
        var node = root;
        foreach (var segment in Segments(path)) node = segment is int index ? node[index]! : node[(string)segment]!;
        return node;
    }

    public static JsonNode Edit(JsonNode root, string path, string? jsonValue)
    {
        var segments = Segments(path);
        var parent = root;
        foreach (var segment in segments[..^1]) parent = segment is int index ? parent[index]! : parent[(string)segment]!;
        var value = jsonValue is null ? null : JsonNode.Parse(jsonValue);
        switch (segments[^1])
        {
            case int index:
                parent.AsArray()[index] = value;
                break;
            case string name when jsonValue is null:
                parent.AsObject().Remove(name).ShouldBeTrue($"{path} is not in the sample");
                break;
            case string name:
                parent[name] = value;
                break;
        }
        return root;
    }

    [GeneratedRegex(@"([a-z_]+)|\[(\d+)\]")]
    private static partial Regex Segment();

    private static object[] Segments(string path) =>
        Segment().Matches(path).Select(m => m.Groups[2].Success ? (object)int.Parse(m.Groups[2].Value) : m.Groups[1].Value).ToArray();
}
