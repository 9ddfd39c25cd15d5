using System.Text;
using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Fuzz;
using Ocpi.Protocol.Json;

namespace Ocpi.Emsp.Tests.Bookings;

/// <summary>The Booking RECEIVER under mutated bodies and odd URLs (fixed seed): never a 500, a refused push stores nothing.</summary>
public sealed class BookingHostilePushTests(BookingsFixture emsp) : IClassFixture<BookingsFixture>
{
    private const int Bodies = 40;

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    public async Task mutated_pushes_never_get_a_500_and_a_refused_one_stores_nothing(string method)
    {
        var (cpo, _) = await emsp.BookingCpoAsync();
        var id = await emsp.RequestAsync(BookingsFixture.RequestBody(cpo, await emsp.OurTokenAsync()));
        await emsp.WaitForStatusAsync(id, "RESERVED");
        var booking = cpo.Booking(id)!;
        JsonObject valid = method == "PUT" ? booking.DeepClone().AsObject() : new JsonObject { ["reservation_status"] = "RESERVED" };
        valid["last_updated"] = OcpiDateTime.Format(DateTimeOffset.UtcNow.AddMinutes(5));
        var bodies = HostileGen.Sample(HostileGen.Mutated(Encoding.UTF8.GetBytes(valid.ToJsonString())), Bodies,
            HostileGen.Seed + (ulong)method.Length);

        foreach (var body in bodies)
        {
            var before = await emsp.EventCountAsync(id);
            var answer = await cpo.PushBookingAsync(new HttpMethod(method), booking, null, rawBody: Encoding.UTF8.GetString(body));
            var what = $"{method} {Encoding.UTF8.GetString(body[..Math.Min(200, body.Length)])}: {(int)answer.HttpStatus} {answer.StatusMessage}";
            ((int)answer.HttpStatus).ShouldBeLessThan(500, what);
            answer.Envelope.ShouldNotBeNull(what);
            if (answer.StatusCode != 1000) (await emsp.EventCountAsync(id)).ShouldBe(before, what);
        }
    }

    [Fact]
    public async Task odd_booking_urls_never_get_a_500()
    {
        var (cpo, _) = await emsp.BookingCpoAsync();
        var ids = HostileGen.Sample(HostileGen.OddId, 24, HostileGen.Seed + 11);
        var url = cpo.EmspEndpoint(Protocol.Versions.ModuleId.Bookings);
        var before = await emsp.BookingCountAsync();
        foreach (var odd in ids)
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Patch })
            {
                var answer = await cpo.CallEmspAsync(method, $"{url}/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/{odd}", cpo.TokenForEmsp,
                    method == HttpMethod.Get ? null : new { reservation_status = "RESERVED", last_updated = "2030-01-01T00:00:00Z" });
                ((int)answer.HttpStatus).ShouldBeLessThan(500, $"{method} {odd}");
            }
        (await emsp.BookingCountAsync()).ShouldBe(before);
    }
}
