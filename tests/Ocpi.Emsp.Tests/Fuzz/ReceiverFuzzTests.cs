using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck.Fluent;
using Npgsql;
using Ocpi.Emsp.Tests.Bookings.Locations;
using Ocpi.Emsp.Tests.Cdrs;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.InvoiceReconciliation;
using Ocpi.Emsp.Tests.Locations;
using Ocpi.Emsp.Tests.Sessions;
using Ocpi.Emsp.Tests.Tariffs;

namespace Ocpi.Emsp.Tests.Fuzz;

public sealed class ReceiverFuzzFixture : EmspFixture;

/// <summary>
/// Every receiver endpoint under generated hostile requests (bodies, ids in the URL, query values), with a fixed seed:
/// never an HTTP 500, always an OCPI envelope, nothing stored by a refused request, and an accepted push stored as sent.
/// </summary>
public sealed class ReceiverFuzzTests(ReceiverFuzzFixture emsp) : IClassFixture<ReceiverFuzzFixture>
{
    private const int BodiesPerEndpoint = 30;
    private const int UrlsPerEndpoint = 8;

    private sealed record Target(HttpMethod Method, string Url, byte[]? Body, string? Stream);

    private async Task<(CpoSimulator.CpoSimulator Cpo, List<(string Name, Target Valid, Func<string, string, string> WithId)> Endpoints)> SetUpAsync()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var party = cpo.Options.Party;
        var prefix = $"{party.CountryCode}-{party.PartyId}";
        var location = SpecExamples.OwnedBy("location_example.json", party);
        var locationUrl = LocationPushTests.LocationUrl(cpo, "LOC1");
        (await cpo.CallEmspAsync(HttpMethod.Put, locationUrl, cpo.TokenForEmsp, rawBody: location.ToJsonString())).StatusCode.ShouldBe(1000);
        var evse = location["evses"]![0]!.AsObject();
        var connector = evse["connectors"]![0]!.AsObject();
        var evseUrl = $"{locationUrl}/{evse["uid"]}";
        var connectorUrl = $"{evseUrl}/{connector["id"]}";
        var session = SpecExamples.OwnedBy("session_example_2_short_finished.json", party);
        var sessionId = session["id"]!.GetValue<string>();
        var sessionUrl = SessionPushTests.SessionUrl(cpo, sessionId);
        (await cpo.CallEmspAsync(HttpMethod.Put, sessionUrl, cpo.TokenForEmsp, rawBody: session.ToJsonString())).StatusCode.ShouldBe(1000);
        var tariff = TariffExamples.OwnedBy(TariffExamples.All[0], party);
        var tariffId = tariff["id"]!.GetValue<string>();
        var cdr = CdrExamples.Cdr(cpo, "FUZZ1");
        var tokens = cpo.EmspEndpoint("tokens");
        var record = InvoiceReconciliationFixture.Record(party, "IR1", "INV1", "1", "2");
        var records = InvoiceReconciliationFixture.ModuleUrl(cpo);
        var (_, tokenA) = await emsp.InviteAsync();
        _tokenA = tokenA;
        var credentials = SpecExamples.Load("credentials_example.json");
        credentials["url"] = "http://127.0.0.1:9/ocpi/versions";
        credentials["roles"]![0]!["party_id"] = "FZZ";

        var bookingLocation = cpo.BookingLocation("BLF", "LOC1", BookingLocationsFixture.Day);
        (await cpo.PublishBookingLocationAsync(bookingLocation)).StatusCode.ShouldBe(1000);
        var bookingLocationUrl = cpo.EmspBookingLocationUrl("BLF");
        var calendarUrl = cpo.EmspBookingLocationUrl("BLF", "CAL1");
        var bookingLocationKey = BookingLocationsFixture.Key(cpo, "BLF");
        // The official terms PATCH example lacks required terms (a PATCH replaces booking_terms whole): completed here.
        var termsPatch = SpecExamples.Load("booking_location_patch_example_terms.json");
        termsPatch["booking_terms"]!["supported_access_methods"] = new JsonArray("TOKEN");
        termsPatch["booking_terms"]!["change_until_minutes"] = 60;
        termsPatch["booking_terms"]!["cancel_until_minutes"] = 60;
        termsPatch["last_updated"] = "2099-01-01T00:00:00Z";
        var calendarPatch = new JsonObject { ["timeslot_increment"] = 30, ["last_updated"] = "2099-01-01T00:00:00Z" };

        byte[] B(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
        string Loc(string id) => $"location:{prefix}:{id.ToUpperInvariant()}";
        string Base(string url) => url[..url.LastIndexOf('/')];
        return (cpo,
        [
            ("PUT location", new(HttpMethod.Put, locationUrl, B(location), Loc("LOC1")), (id, q) => $"{Base(locationUrl)}/{id}"),
            ("PUT evse", new(HttpMethod.Put, evseUrl, B(evse), Loc("LOC1")), (id, q) => $"{locationUrl}/{id}"),
            ("PUT connector", new(HttpMethod.Put, connectorUrl, B(connector), Loc("LOC1")), (id, q) => $"{evseUrl}/{id}"),
            ("PATCH location", new(HttpMethod.Patch, locationUrl, B(SpecExamples.Load("location_patch_example_location.json")), Loc("LOC1")), (id, q) => $"{Base(locationUrl)}/{id}"),
            ("PATCH evse", new(HttpMethod.Patch, evseUrl, B(SpecExamples.Load("location_patch_example_status.json")), Loc("LOC1")), (id, q) => $"{locationUrl}/{id}"),
            ("PATCH connector", new(HttpMethod.Patch, connectorUrl, B(SpecExamples.Load("location_patch_example_tariff.json")), Loc("LOC1")), (id, q) => $"{evseUrl}/{id}"),
            ("PUT session", new(HttpMethod.Put, sessionUrl, B(session), $"session:{prefix}:{sessionId.ToUpperInvariant()}"), (id, q) => $"{Base(sessionUrl)}/{id}"),
            ("PATCH session", new(HttpMethod.Patch, sessionUrl, B(SpecExamples.Load("session_patch_example_charging_period.json")), $"session:{prefix}:{sessionId.ToUpperInvariant()}"), (id, q) => $"{Base(sessionUrl)}/{id}"),
            ("POST cdr", new(HttpMethod.Post, cpo.EmspEndpoint("cdrs"), B(cdr), CdrExamples.Key(cpo, "FUZZ1")), (id, q) => $"{cpo.EmspEndpoint("cdrs")}/{id}"),
            ("PUT tariff", new(HttpMethod.Put, TariffExamples.Url(cpo, tariffId), B(tariff), TariffExamples.Key(cpo, tariffId)), (id, q) => TariffExamples.Url(cpo, id)),
            ("DELETE tariff", new(HttpMethod.Delete, TariffExamples.Url(cpo, tariffId), null, null), (id, q) => TariffExamples.Url(cpo, id)),
            ("POST invoicereconciliation", new(HttpMethod.Post, records, B(record), InvoiceReconciliationFixture.Key(party, "IR1")), (id, q) => $"{records}?x={q}"),
            ("PUT invoicereconciliation", new(HttpMethod.Put, InvoiceReconciliationFixture.Url(cpo, "IR1"), B(record), InvoiceReconciliationFixture.Key(party, "IR1")),
                (id, q) => InvoiceReconciliationFixture.Url(cpo, id)),
            ("GET invoicereconciliation", new(HttpMethod.Get, records, null, null), (id, q) => $"{records}?offset={q}&limit={q}&date_from={q}&date_to={q}"),
            ("GET tokens", new(HttpMethod.Get, tokens, null, null), (id, q) => $"{tokens}?offset={q}&limit={q}&date_from={q}&date_to={q}"),
            ("POST authorize", new(HttpMethod.Post, $"{tokens}/T1/authorize", B(new JsonObject { ["location_id"] = "LOC1", ["evse_uids"] = new JsonArray("E1") }), null),
                (id, q) => $"{tokens}/{id}/authorize?type={q}"),
            ("POST credentials", new(HttpMethod.Post, cpo.EmspEndpoint("credentials"), B(credentials), null), (id, q) => $"{cpo.EmspEndpoint("credentials")}?x={q}"),
            ("GET versions", new(HttpMethod.Get, EmspFixture.VersionsUrl, null, null), (id, q) => $"{EmspFixture.VersionsUrl}/{id}?x={q}"),
            ("PUT bookinglocation", new(HttpMethod.Put, bookingLocationUrl, B(bookingLocation), bookingLocationKey), (id, q) => $"{Base(bookingLocationUrl)}/{id}"),
            ("PATCH bookinglocation", new(HttpMethod.Patch, bookingLocationUrl, B(termsPatch), bookingLocationKey),
                (id, q) => $"{Base(bookingLocationUrl)}/{id}"),
            ("PUT bookingcalendar", new(HttpMethod.Put, calendarUrl, B(bookingLocation["calendars"]![0]!), bookingLocationKey), (id, q) => $"{bookingLocationUrl}/{id}"),
            ("PATCH bookingcalendar", new(HttpMethod.Patch, calendarUrl, B(calendarPatch), bookingLocationKey), (id, q) => $"{bookingLocationUrl}/{id}"),
            ("GET bookinglocation", new(HttpMethod.Get, bookingLocationUrl, null, null), (id, q) => $"{Base(bookingLocationUrl)}/{id}/{id}?x={q}"),
        ]);
    }

    private string? _tokenA;

    public static TheoryData<string> Endpoints => new()
    {
        "PUT location", "PUT evse", "PUT connector", "PATCH location", "PATCH evse", "PATCH connector", "PUT session", "PATCH session",
        "POST cdr", "PUT tariff", "DELETE tariff", "POST invoicereconciliation", "PUT invoicereconciliation", "GET invoicereconciliation", "GET tokens", "POST authorize", "POST credentials", "GET versions",
        "PUT bookinglocation", "PATCH bookinglocation", "PUT bookingcalendar", "PATCH bookingcalendar", "GET bookinglocation",
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task hostile_requests_never_get_a_500_always_an_envelope_and_store_nothing_altered(string endpoint)
    {
        var (cpo, endpoints) = await SetUpAsync();
        var (_, valid, withId) = endpoints.Single(e => e.Name == endpoint);
        var token = endpoint == "POST credentials" ? _tokenA : cpo.TokenForEmsp;
        var seed = HostileGen.SeedFor(endpoint);
        var requests = new List<Target>();
        if (valid.Body is not null)
            requests.AddRange(HostileGen.Sample(HostileGen.Mutated(valid.Body), BodiesPerEndpoint, seed).Select(b => valid with { Body = b }));
        var odd = from id in HostileGen.OddId from query in HostileGen.OddQueryValue select (id, query);
        requests.AddRange(HostileGen.Sample(odd, UrlsPerEndpoint, seed + 1).Select(o => valid with { Url = withId(o.id, o.query), Stream = null }));

        using var client = emsp.Host.Server.CreateClient();
        var prefix = $"{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}";
        foreach (var request in requests)
        {
            var before = await PartyEventCountAsync(prefix);
            var answer = await RawOcpi.SendAsync(client, request.Method, request.Url, token, request.Body);
            var what = $"{endpoint} {request.Url} {(request.Body is null ? "" : Encoding.UTF8.GetString(request.Body[..Math.Min(200, request.Body.Length)]))}: {answer}";

            ((int)answer.Status).ShouldBeLessThan(500, what);
            answer.IsEnvelope.ShouldBeTrue(what);
            if (answer.StatusCode != 1000)
                (await PartyEventCountAsync(prefix)).ShouldBe(before, what);
            else if (request is { Body: not null, Stream: not null })
                (await StoredAsSentAsync(StreamOf(endpoint, request), request.Body)).ShouldBeTrue(what);
        }
    }

    private async Task<long> PartyEventCountAsync(string prefix)
    {
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        // The daemon's cost checks are not events of a push.
        await using var command = new NpgsqlCommand("select count(*) from emsp.mt_events where stream_id like any($1) and type <> 'cdr_cost_checked'", connection);
        command.Parameters.AddWithValue(new[] { "location:", "session:", "cdr:", "tariff:", "invoicereconciliation:", "bookinglocation:" }.Select(k => $"{k}{prefix}:%").ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The stream a POST names in its body (a mutated, still valid id or party is another object); other requests name
    /// their object in the URL, which the mutations leave alone.
    /// </summary>
    private static string StreamOf(string endpoint, Target request)
    {
        if (endpoint is not ("POST cdr" or "POST invoicereconciliation")) return request.Stream!;
        var body = JsonNode.Parse(request.Body)!.AsObject();
        var owner = new global::Ocpi.Protocol.Common.PartyRef(body["country_code"]!.GetValue<string>(), body["party_id"]!.GetValue<string>());
        return global::Ocpi.Emsp.Ocpi.Receivers.StreamKeys.For(endpoint == "POST cdr" ? "cdr" : "invoicereconciliation", owner, body["id"]!.GetValue<string>());
    }

    /// <summary>Some event of the stream holds the body as sent (semantically: jsonb orders members and normalises numbers).</summary>
    private async Task<bool> StoredAsSentAsync(string stream, byte[] body)
    {
        var sent = JsonDocument.Parse(body).RootElement;
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select data::text from emsp.mt_events where stream_id = $1", connection);
        command.Parameters.AddWithValue(stream);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var data = JsonDocument.Parse(reader.GetString(0)).RootElement;
            if (data.ValueKind == JsonValueKind.Object && data.EnumerateObject().Any(p => JsonElement.DeepEquals(p.Value, sent))) return true;
        }
        return false;
    }
}
