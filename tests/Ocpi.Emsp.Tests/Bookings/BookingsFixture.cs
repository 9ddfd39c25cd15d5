using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Ocpi.CpoSimulator;
using Ocpi.Emsp.Bookings;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Emsp.Tests.Tokens;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tests.Bookings;

/// <summary>An eMSP with CPOs that take bookings; helpers to request, change, cancel and follow bookings.</summary>
public class BookingsFixture : EmspFixture
{
    /// <summary>A registered CPO whose version details list a bookings SENDER endpoint.</summary>
    public async Task<(CpoSimulator.CpoSimulator Cpo, string PartnerId)> BookingCpoAsync()
    {
        var options = new CpoSimulatorOptions { Party = NextParty() };
        options.Modules.Add((ModuleId.Bookings, InterfaceRole.SENDER));
        return await RegisteredCpoAsync(options);
    }

    /// <summary>One of our tokens, valid unless told otherwise; its uid.</summary>
    public async Task<string> OurTokenAsync(bool valid = true)
    {
        var uid = "B" + Guid.NewGuid().ToString("N")[..10];
        var put = await InternalApi().PutAsync($"/api/tokens/{uid}?type=RFID",
            new StringContent(TokensFixture.NewToken(uid, "RFID", valid).ToJsonString(), Encoding.UTF8, "application/json"));
        put.EnsureSuccessStatusCode();
        return uid;
    }

    public static JsonObject Period(TimeSpan fromNow, TimeSpan length)
    {
        var start = DateTimeOffset.UtcNow.Add(fromNow);
        start = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, 0, 0, TimeSpan.Zero);
        return new JsonObject { ["start_date_time"] = OcpiDateTime.Format(start), ["end_date_time"] = OcpiDateTime.Format(start + length) };
    }

    /// <summary>A request body for POST /api/bookings: a one-hour slot tomorrow for one of our tokens.</summary>
    public static JsonObject RequestBody(CpoSimulator.CpoSimulator cpo, string tokenUid, JsonObject? period = null) => new()
    {
        ["cpo"] = new JsonObject { ["country_code"] = cpo.Options.Party.CountryCode, ["party_id"] = cpo.Options.Party.PartyId },
        ["booking_location_id"] = "BL1", ["location_id"] = "LOC1",
        ["period"] = period ?? Period(TimeSpan.FromDays(1), TimeSpan.FromHours(1)),
        ["tokens"] = new JsonArray(new JsonObject { ["uid"] = tokenUid, ["type"] = "RFID" }),
        ["booking_option"] = new JsonObject { ["evse_uid"] = "#NA" },
        ["access_information"] = new JsonArray(new JsonObject { ["method"] = "TOKEN" }),
        ["power_required"] = 22,
    };

    public Task<HttpResponseMessage> PostRawAsync(string body) =>
        InternalApi().PostAsync("/api/bookings", new StringContent(body, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PatchRawAsync(string id, string body) =>
        InternalApi().PatchAsync($"/api/bookings/{id}", new StringContent(body, Encoding.UTF8, "application/json"));

    /// <summary>Requests a booking and returns its id (asserting the 202 REQUESTED answer).</summary>
    public async Task<string> RequestAsync(JsonObject body)
    {
        var response = await PostRawAsync(body.ToJsonString());
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        ((int)response.StatusCode).ShouldBe(202, answer.ToString());
        answer.GetProperty("status").GetString().ShouldBe("REQUESTED");
        return answer.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> BookingAsync(string id) => await InternalApi().GetFromJsonAsync<JsonElement>($"/api/bookings/{id}");

    public async Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> condition, string what)
    {
        JsonElement booking = default;
        await Eventually.HoldsAsync(async () => condition(booking = await BookingAsync(id)), $"booking {id}: {what}");
        return booking;
    }

    public Task<JsonElement> WaitForStatusAsync(string id, string status) =>
        WaitForAsync(id, b => b.GetProperty("status").GetString() == status, $"status {status}");

    /// <summary>Waits until every request of the booking has been answered or has failed.</summary>
    public Task<JsonElement> WaitForRequestsSettledAsync(string id, int count) =>
        WaitForAsync(id, b => b.GetProperty("requests").GetArrayLength() == count &&
                              b.GetProperty("requests").EnumerateArray().All(r => r.GetProperty("outcome").GetString() != "QUEUED"),
            $"{count} requests answered");

    public static IReadOnlyList<string> Timeline(JsonElement booking) =>
        booking.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToList();

    public async Task<int> BookingCountAsync()
    {
        await using var session = Store.QuerySession();
        return await session.Query<BookingView>().CountAsync();
    }

    public async Task<int> EventCountAsync(string id) => (await EventTypesAsync(BookingView.StreamKey(id))).Count;
}
