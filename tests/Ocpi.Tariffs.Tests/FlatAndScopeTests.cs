namespace Ocpi.Tariffs.Tests;

/// <summary>FLAT fees, free-of-charge tariffs, and the elements that do not price the charging session.</summary>
public class FlatAndScopeTests
{
    [Fact]
    public void the_flat_fee_is_due_once_at_the_price_of_the_first_period_where_one_is_active()
    {
        // Start fee 2.00 at night (22:00-06:00), else 1.00. A session from 21:00 to 23:00 UTC pays the day fee once.
        var tariff = Priced.Tariff("""
            {"country_code": "NL", "party_id": "TNM", "id": "F", "currency": "EUR", "tax_included": "N/A", "last_updated": "2024-01-01T00:00:00Z",
             "elements": [
               {"price_components": [{"type": "FLAT", "price": 2.00, "step_size": 1}], "restrictions": {"start_time": "22:00", "end_time": "06:00"}},
               {"price_components": [{"type": "FLAT", "price": 1.00, "step_size": 1}]}]}
            """);
        Priced.With(tariff, new CdrBuilder("2024-01-02T21:00:00Z").InTimeZone("UTC").Charging(60, 5).Charging(60, 5).Build())
            .Fixed.ShouldCost(1.00m, 1.00m);
    }

    [Fact]
    public void a_flat_fee_that_becomes_active_later_in_the_session_is_due()
    {
        // An overstay fee of 10.00 once the session lasted 4 h (min_duration 14400): charged in a 5-h session, not in a 3-h
        // one. The CDR starts a new period at 4 h, where another PriceComponent becomes active (mod_cdrs ChargingPeriod).
        var tariff = Priced.SimpleTariff("""{"type": "FLAT", "price": 10.00, "step_size": 1}""", "N/A", """{"min_duration": 14400}""");
        Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(120, 20).Parking(120).Parking(60).Build())
            .Fixed.BeforeTaxes.ShouldBe(10.00m);
        Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(120, 20).Parking(60).Build()).Fixed.BeforeTaxes.ShouldBe(0m);
    }

    [Fact]
    public void a_free_of_charge_tariff_with_a_vat_still_costs_nothing()
    {
        var tariff = Priced.SimpleTariff("""{"type": "FLAT", "price": 0.00, "vat": 21, "step_size": 0}""");
        var costs = Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(60, 20).Parking(60).Build());
        costs.Total.ShouldCost(0, 0);
        costs.Total.Taxes.ShouldBeEmpty();
    }

    [Fact]
    public void reservation_elements_do_not_price_the_charging_session()
    {
        // A RESERVATION element with FLAT 2.00 and TIME 5.00/h before an unrestricted TIME 1.00/h: a session without
        // reservation time pays 1 h x 1.00 and no reservation fee.
        var tariff = Priced.Tariff("""
            {"country_code": "NL", "party_id": "TNM", "id": "R", "currency": "EUR", "tax_included": "N/A", "last_updated": "2024-01-01T00:00:00Z",
             "elements": [
               {"price_components": [{"type": "FLAT", "price": 2.00, "step_size": 1}, {"type": "TIME", "price": 5.00, "step_size": 1}],
                "restrictions": {"reservation": "RESERVATION"}},
               {"price_components": [{"type": "TIME", "price": 1.00, "step_size": 1}]}]}
            """);
        var costs = Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(60, 10).Build());
        costs.Total.ShouldCost(1.00m, 1.00m);
        costs.Reservation.ShouldCost(0, 0);
    }

    [Fact]
    public void booking_elements_of_the_bookings_branch_do_not_price_the_charging_session()
    {
        var tariff = Priced.Tariff("""
            {"country_code": "NL", "party_id": "TNM", "id": "B", "currency": "EUR", "tax_included": "N/A", "last_updated": "2024-01-01T00:00:00Z",
             "elements": [
               {"price_components": [{"type": "ENERGY", "price": 0.90, "step_size": 1}], "restrictions": {"booking": "BOOKING"}},
               {"price_components": [{"type": "ENERGY", "price": 0.30, "step_size": 1}]}]}
            """);
        Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Charging(60, 10).Build()).Total.ShouldCost(3.00m, 3.00m);
    }

    [Fact]
    public void a_reservation_priced_by_a_tariff_with_tax_included_yes_splits_its_vat()
    {
        // Reservation 30 min x 6.05/h gross = 3.025 at 21 %: 2.50 net + 0.525 VAT.
        var tariff = Priced.Tariff("""
            {"country_code": "NL", "party_id": "TNM", "id": "R", "currency": "EUR", "tax_included": "YES", "last_updated": "2024-01-01T00:00:00Z",
             "elements": [{"price_components": [{"type": "TIME", "price": 6.05, "vat": 21, "step_size": 60}],
                           "restrictions": {"reservation": "RESERVATION"}}]}
            """);
        Priced.With(tariff, new CdrBuilder("2024-01-02T10:00:00Z").Reserved(30).Charging(60, 10).Build())
            .Reservation.ShouldCost(2.50m, 3.025m);
    }
}
