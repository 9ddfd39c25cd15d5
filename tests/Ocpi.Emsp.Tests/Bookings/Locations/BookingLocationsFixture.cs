using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Bookings.Locations;

public sealed class BookingLocationsFixture : EmspFixture
{
    /// <summary>The stream key of one of the CPO's BookingLocations.</summary>
    public static string Key(CpoSimulator.CpoSimulator cpo, string id) =>
        $"bookinglocation:{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}:{id.ToUpperInvariant()}";

    /// <summary>Midnight UTC of the day after tomorrow: calendars of the tests lie wholly in the future.</summary>
    public static DateTimeOffset Day => new(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(2), TimeSpan.Zero);

    public static JsonObject Parse(CpoSimulator.OcpiCallResult result) => JsonNode.Parse(result.Data.GetRawText())!.AsObject();
}
