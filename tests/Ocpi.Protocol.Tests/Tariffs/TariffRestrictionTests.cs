using System.Text.Json.Nodes;
using Ocpi.Protocol.Tariffs;
using Ocpi.Protocol.Tests.Validation;
using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Tariffs;

/// <summary>TariffRestrictions time (HH:MM) and date (YYYY-MM-DD) formats, and reservation elements limited to FLAT and TIME.</summary>
public sealed class TariffRestrictionTests
{
    /// <summary>tariff_4_complex.json; elements[1] has restrictions {max_current}, elements[4] has start_time/end_time.</summary>
    private static JsonNode Valid => SpecExample.Node("tariff_4_complex.json");

    private static readonly ObjectSchema Tariff = TariffSchemas.Tariff;

    // ----- restriction formats -----

    [Theory]
    [InlineData("00:00")]
    [InlineData("09:00")]
    [InlineData("13:30")]
    [InlineData("19:59")]
    [InlineData("23:59")]
    public void a_24h_time_with_leading_zeros_is_accepted(string time)
    {
        TariffSchemas.TimeOfDay.ShouldAccept($"\"{time}\"");
        Tariff.ShouldValidate(Valid.With("elements[4].restrictions.start_time", time).With("elements[4].restrictions.end_time", time));
    }

    [Theory]
    [InlineData("24:00")]
    [InlineData("9:00")]
    [InlineData("09:60")]
    [InlineData("0900")]
    [InlineData("9:5")]
    [InlineData("ab:cd")]
    [InlineData("")]
    public void a_time_not_in_hh_mm_is_refused(string time)
    {
        Tariff.ShouldRefuse(Valid.With("elements[4].restrictions.start_time", time), "elements[4].restrictions.start_time",
            $"'{time}' is not a time of day in 24h format HH:MM");
        Tariff.ShouldRefuse(Valid.With("elements[4].restrictions.end_time", time), "elements[4].restrictions.end_time", "HH:MM");
    }

    [Fact]
    public void a_time_with_seconds_is_too_long() =>
        Tariff.ShouldRefuse(Valid.With("elements[4].restrictions.start_time", "09:00:00"), "elements[4].restrictions.start_time",
            "too long (8 characters, max 5)");

    [Theory]
    [InlineData("2015-12-24")]
    [InlineData("1999-01-01")]
    [InlineData("2024-02-29")]
    [InlineData("2015-12-31")]
    public void a_yyyy_mm_dd_date_is_accepted(string date) =>
        Tariff.ShouldValidate(Valid.With("elements[4].restrictions.start_date", date).With("elements[4].restrictions.end_date", date));

    [Theory]
    [InlineData("2015-13-01")]
    [InlineData("2015-00-10")]
    [InlineData("2015-12-32")]
    [InlineData("2015-12-00")]
    [InlineData("15-12-24")]
    [InlineData("2015/12/24")]
    [InlineData("3015-01-01")]
    [InlineData("24-12-2015")]
    public void a_date_not_in_yyyy_mm_dd_is_refused(string date)
    {
        Tariff.ShouldRefuse(Valid.With("elements[4].restrictions.start_date", date), "elements[4].restrictions.start_date",
            $"'{date}' is not a date YYYY-MM-DD");
        Tariff.ShouldRefuse(Valid.With("elements[4].restrictions.end_date", date), "elements[4].restrictions.end_date", "YYYY-MM-DD");
    }

    [Fact]
    public void a_date_time_is_too_long_for_a_date() =>
        Tariff.ShouldRefuse(Valid.With("elements[4].restrictions.end_date", "2015-12-27T00:00"), "elements[4].restrictions.end_date",
            "too long (16 characters, max 10)");

    // ----- reservation elements -----

    [Theory]
    [InlineData("RESERVATION", "ENERGY")]
    [InlineData("RESERVATION", "PARKING_TIME")]
    [InlineData("RESERVATION_EXPIRES", "ENERGY")]
    [InlineData("RESERVATION_EXPIRES", "PARKING_TIME")]
    public void a_reservation_element_refuses_other_dimensions_than_flat_and_time(string reservation, string dimension)
    {
        var tariff = Valid
            .With("elements[1].restrictions.reservation", reservation)
            .WithJson("elements[1].price_components[1]", $$"""{"type":"{{dimension}}","price":0.25,"step_size":1}""");

        Tariff.ShouldRefuse(tariff, "elements[1].price_components[1].type",
            $"a reservation element (restrictions.reservation = {reservation}) can only have FLAT and TIME price components, not {dimension}");
    }

    [Fact]
    public void a_reservation_element_with_flat_and_time_is_accepted() =>
        Tariff.ShouldValidate(Valid
            .With("elements[1].restrictions.reservation", "RESERVATION")
            .WithJson("elements[1].price_components[1]", """{"type":"FLAT","price":2.00,"step_size":1}"""));

    [Fact]
    public void an_element_without_reservation_may_price_any_dimension() =>
        Tariff.ShouldValidate(Valid.WithJson("elements[1].price_components[1]", """{"type":"ENERGY","price":0.25,"step_size":1}"""));

    [Fact]
    public void an_unknown_dimension_in_a_reservation_element_is_reported_once() =>
        Tariff.ShouldRefuse(Valid.With("elements[1].restrictions.reservation", "RESERVATION").With("elements[1].price_components[0].type", "KWH"),
            "elements[1].price_components[0].type", "'KWH' is not a valid TariffDimensionType");
}
