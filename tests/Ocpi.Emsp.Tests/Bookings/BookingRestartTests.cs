using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Ocpi.CpoSimulator;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tests.Bookings;

/// <summary>The service restarts after sending a booking and before the CPO's push: the push is still matched and applied.</summary>
public sealed class BookingRestartTests
{
    private static Task<IAlbaHost> StartAsync(string connectionString) => AlbaHost.For<Program>(b =>
    {
        b.UseSetting("ConnectionStrings:Marten", connectionString);
        b.UseSetting("Emsp:PublicUrl", EmspFixture.PublicUrl);
        b.UseSetting("Emsp:ApiKey", EmspFixture.ApiKey);
    });

    private static HttpClient Api(IAlbaHost host)
    {
        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", EmspFixture.ApiKey);
        return client;
    }

    private static async Task<JsonElement> WaitForStatusAsync(IAlbaHost host, string id, string status)
    {
        JsonElement booking = default;
        await Eventually.HoldsAsync(async () =>
            (booking = await Api(host).GetFromJsonAsync<JsonElement>($"/api/bookings/{id}")).GetProperty("status").GetString() == status,
            $"booking {id} {status}", TimeSpan.FromSeconds(90));
        return booking;
    }

    [Fact]
    public async Task a_push_after_a_restart_is_matched_to_the_booking_sent_before_it()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("bookingrestart");
        var first = await StartAsync(connectionString);
        var options = new CpoSimulatorOptions { Party = EmspFixture.NextParty() };
        options.Modules.Add((ModuleId.Bookings, InterfaceRole.SENDER));
        await using var cpo = await CpoSimulator.CpoSimulator.StartAsync(options, first.Server.CreateHandler());
        var invitation = await (await Api(first).PostAsJsonAsync("/api/partners/invitations", new { })).Content.ReadFromJsonAsync<JsonElement>();
        (await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, invitation.GetProperty("token_a").GetString()!)).StatusCode.ShouldBe(1000);
        cpo.Bookings.Then = null;
        var uid = "R" + Guid.NewGuid().ToString("N")[..10];
        (await Api(first).PutAsync($"/api/tokens/{uid}?type=RFID", JsonContent.Create(Tokens.TokensFixture.NewToken(uid, "RFID"))))
            .EnsureSuccessStatusCode();
        var requested = await Api(first).PostAsync("/api/bookings", JsonContent.Create(BookingsFixture.RequestBody(cpo, uid)));
        var id = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitForStatusAsync(first, id, "PENDING");
        await first.DisposeAsync();

        await using var second = await StartAsync(connectionString);
        cpo.ReachEmspThrough(second.Server.CreateHandler());

        (await cpo.PutBookingAsync(id, "RESERVED")).StatusCode.ShouldBe(1000);

        var reserved = await WaitForStatusAsync(second, id, "RESERVED");
        reserved.GetProperty("booking_id").GetString().ShouldBe(cpo.Booking(id)!["id"]!.GetValue<string>());
        (await cpo.PatchBookingAsync(id, new System.Text.Json.Nodes.JsonObject { ["reservation_status"] = "FULFILLED" })).StatusCode.ShouldBe(1000);
        await WaitForStatusAsync(second, id, "FULFILLED");
        cpo.ReceivedBookingRequests.Count.ShouldBe(1);
    }
}
