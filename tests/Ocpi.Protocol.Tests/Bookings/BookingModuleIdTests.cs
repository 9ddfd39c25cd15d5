using Ocpi.Protocol.Versions;
using Shouldly;

namespace Ocpi.Protocol.Tests.Bookings;

public class BookingModuleIdTests
{
    [Theory]
    [InlineData("Booking")]
    [InlineData("booking")]
    [InlineData("bookings")]
    [InlineData("Bookings")]
    [InlineData("BOOKINGS")]
    public void a_partner_entry_for_bookings_is_found_under_the_chapter_identifier_and_the_url_spelling(string identifier) =>
        ModuleId.Matches(identifier, ModuleId.Bookings).ShouldBeTrue();

    [Theory]
    [InlineData("book")]
    [InlineData("bookinglocations")]
    [InlineData("tokens")]
    [InlineData(null)]
    public void other_identifiers_do_not_name_bookings(string? identifier) =>
        ModuleId.Matches(identifier, ModuleId.Bookings).ShouldBeFalse();

    [Fact]
    public void aliases_belong_to_their_module_only() =>
        ModuleId.Matches("bookings", ModuleId.Tokens).ShouldBeFalse();

    [Fact]
    public void we_advertise_Booking_and_serve_it_under_bookings()
    {
        ModuleId.Bookings.ShouldBe("Booking");
        ModuleId.UrlSegment(ModuleId.Bookings).ShouldBe("bookings");
        ModuleId.UrlSegment(ModuleId.Tokens).ShouldBe("tokens");
    }
}
