using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.CpoSimulator;

namespace Ocpi.Emsp.Tests.Bookings;

/// <summary>Bad requests to the internal bookings API: refused naming the problem, nothing stored, nothing sent to any CPO.</summary>
public sealed class BookingApiBadInputTests(BookingsFixture emsp) : IClassFixture<BookingsFixture>
{
    public static TheoryData<string, string> BadBodies => new()
    {
        { "not an object", "[]" },
        { "cpo", """{"booking_location_id": "BL1", "location_id": "L1"}""" },
        { "cpo.party_id", """{"cpo": {"country_code": "DE", "party_id": "TOOLONG"}}""" },
        { "period", """{"cpo": {"country_code": "DE", "party_id": "ABC"}}""" },
        { "period.start_date_time", """{"cpo": {"country_code": "DE", "party_id": "ABC"}, "period": {"start_date_time": "tomorrow", "end_date_time": "2099-01-01T10:00:00Z"}}""" },
        { "request_id", """{"cpo": {"country_code": "DE", "party_id": "ABC"}, "request_id": "MINE"}""" },
        { "tokens", """{"cpo": {"country_code": "DE", "party_id": "ABC"}, "tokens": []}""" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task a_bad_booking_request_is_refused_with_400_naming_the_field_and_stores_nothing(string field, string body)
    {
        var before = await emsp.BookingCountAsync();

        var response = await emsp.PostRawAsync(body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (field != "not an object") problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
        (await emsp.BookingCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task tokens_not_ours_unknown_or_blocked_and_slots_in_the_past_or_backwards_are_refused_before_calling_the_cpo()
    {
        var (cpo, _) = await emsp.BookingCpoAsync();
        var blocked = await emsp.OurTokenAsync(valid: false);
        var cases = new (JsonObject Body, string Field, string Says)[]
        {
            (BookingsFixture.RequestBody(cpo, "NO-SUCH-TOKEN"), "tokens[0]", "unknown token"),
            (BookingsFixture.RequestBody(cpo, blocked), "tokens[0]", "not valid"),
            (BookingsFixture.RequestBody(cpo, await emsp.OurTokenAsync(), BookingsFixture.Period(TimeSpan.FromDays(-1), TimeSpan.FromHours(1))),
                "period.start_date_time", "in the past"),
            (BookingsFixture.RequestBody(cpo, await emsp.OurTokenAsync(), BookingsFixture.Period(TimeSpan.FromDays(1), TimeSpan.FromHours(-1))),
                "period", "after start_date_time"),
        };
        var foreign = BookingsFixture.RequestBody(cpo, "T1");
        foreign["tokens"]![0]!["party_id"] = "INF";
        foreign["location_id"] = new string('L', 37);

        foreach (var (body, field, says) in cases.Append((foreign, "tokens[0]", "our own tokens")))
        {
            var response = await emsp.PostRawAsync(body.ToJsonString());
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            errors.GetProperty(field)[0].GetString()!.ShouldContain(says);
        }
        cpo.ReceivedBookingRequests.ShouldBeEmpty();
        (await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/bookings?cpo={cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}"))
            .GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task an_unknown_cpo_is_404_and_a_cpo_without_a_bookings_endpoint_is_409()
    {
        var token = await emsp.OurTokenAsync();
        var (plain, _) = await emsp.RegisteredCpoAsync(new CpoSimulatorOptions { Party = Infrastructure.EmspFixture.NextParty() });
        var before = await emsp.BookingCountAsync();
        var unknown = BookingsFixture.RequestBody(plain, token);
        unknown["cpo"]!["party_id"] = "ZZZ";

        (await emsp.PostRawAsync(unknown.ToJsonString())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var noEndpoint = await emsp.PostRawAsync(BookingsFixture.RequestBody(plain, token).ToJsonString());

        noEndpoint.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await noEndpoint.Content.ReadAsStringAsync()).ShouldContain("bookings SENDER");
        (await emsp.BookingCountAsync()).ShouldBe(before);
        plain.RequestsTo("/ocpi/2.3.0/Booking").ShouldBeEmpty();
    }

    [Fact]
    public async Task unknown_bookings_odd_queries_and_bad_changes_are_refused()
    {
        var api = emsp.InternalApi();
        (await api.GetAsync("/api/bookings/NOPE")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await emsp.PatchRawAsync("NOPE", """{"tokens": [{"uid": "X"}]}""")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.DeleteAsync("/api/bookings/NOPE")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var query in new[] { "status=DONE", "from=yesterday", "cpo=!!", "from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "limit=-1" })
        {
            var response = await api.GetAsync($"/api/bookings?{query}");
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
        }

        var (cpo, _) = await emsp.BookingCpoAsync();
        var id = await emsp.RequestAsync(BookingsFixture.RequestBody(cpo, await emsp.OurTokenAsync()));
        await emsp.WaitForStatusAsync(id, "RESERVED");
        var events = await emsp.EventCountAsync(id);
        (await emsp.PatchRawAsync(id, "{}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await emsp.PatchRawAsync(id, """{"location_id": "L2"}""")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var badReason = await api.DeleteAsync($"/api/bookings/{id}?reason=BORED");
        badReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badReason.Content.ReadAsStringAsync()).ShouldContain("reason");
        (await emsp.EventCountAsync(id)).ShouldBe(events);
        cpo.ReceivedBookingRequests.Count.ShouldBe(1);
    }
}
