using System.Text.Json;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.Tariffs;

/// <summary>Field tables of mod_tariffs.asciidoc (2.3.0 edition 2, core branch).</summary>
public static class TariffSchemas
{
    // ----- enums (all closed in 2.3.0) -----

    public static EnumType DayOfWeek { get; } =
        Enum("DayOfWeek", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY");

    public static EnumType ReservationRestrictionType { get; } = Enum("ReservationRestrictionType", "RESERVATION", "RESERVATION_EXPIRES");

    public static EnumType TariffDimensionType { get; } = Enum("TariffDimensionType", "ENERGY", "FLAT", "PARKING_TIME", "TIME");

    public static EnumType TariffType { get; } =
        Enum("TariffType", "AD_HOC_PAYMENT", "PROFILE_CHEAP", "PROFILE_FAST", "PROFILE_GREEN", "REGULAR");

    /// <summary>TaxIncluded (new in 2.3.0). Note the slash in <c>N/A</c>.</summary>
    public static EnumType TaxIncluded { get; } = Enum("TaxIncluded", "YES", "NO", "N/A");

    /// <summary>The TariffDimensionTypes a reservation element may have: "A reservation can only have: FLAT and TIME".</summary>
    public static IReadOnlyCollection<string> ReservationDimensionTypes { get; } = ["FLAT", "TIME"];

    // ----- restriction formats given by the spec -----

    /// <summary>start_time/end_time: string(5), "24h format with leading zeros", regex <c>([0-1][0-9]|2[0-3]):[0-5][0-9]</c>.</summary>
    public static PatternStringType TimeOfDay { get; } =
        Pattern(5, "([0-1][0-9]|2[0-3]):[0-5][0-9]", "a time of day in 24h format HH:MM (e.g. 13:30)");

    /// <summary>start_date/end_date: string(10), regex <c>([12][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])</c>.</summary>
    public static PatternStringType LocalDate { get; } =
        Pattern(10, "([12][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])", "a date YYYY-MM-DD (e.g. 2015-12-24)");

    // ----- classes -----

    /// <summary>PriceLimit (new in 2.3.0): Tariff.min_price/max_price, both bounds apply independently.</summary>
    public static ObjectSchema PriceLimit { get; } = new ObjectSchema("PriceLimit")
        .Required("before_taxes", Number)
        .Optional("after_taxes", Number);

    /// <summary>PriceComponent: <c>price</c> is gross or net according to the Tariff's <c>tax_included</c>.</summary>
    public static ObjectSchema PriceComponent { get; } = new ObjectSchema("PriceComponent")
        .Required("type", TariffDimensionType)
        .Required("price", Number)
        .Optional("vat", Number)
        .Required("step_size", Int());

    public static ObjectSchema TariffRestrictions { get; } = new ObjectSchema("TariffRestrictions")
        .Optional("start_time", TimeOfDay)
        .Optional("end_time", TimeOfDay)
        .Optional("start_date", LocalDate)
        .Optional("end_date", LocalDate)
        .Optional("min_kwh", Number)
        .Optional("max_kwh", Number)
        .Optional("min_current", Number)
        .Optional("max_current", Number)
        .Optional("min_power", Number)
        .Optional("max_power", Number)
        .Optional("min_duration", Int())
        .Optional("max_duration", Int())
        .Many("day_of_week", DayOfWeek)
        .Optional("reservation", ReservationRestrictionType);

    /// <summary>TariffElement; an element restricted to a reservation may only price FLAT and TIME.</summary>
    public static ObjectSchema TariffElement { get; } = new ObjectSchema("TariffElement")
        .AtLeastOne("price_components", PriceComponent)
        .Optional("restrictions", TariffRestrictions)
        .Rule(ReservationElementsPriceOnlyFlatAndTime);

    /// <summary>
    /// Tariff (PUT body; there is no PATCH for Tariffs). <c>tax_included</c> is new and required in 2.3.0; a 2.2.1-style
    /// Tariff without it is refused.
    /// </summary>
    public static ObjectSchema Tariff { get; } = new ObjectSchema("Tariff")
        .Required("country_code", CountryCode)
        .Required("party_id", PartyId)
        .Required("id", CiString(36))
        .Required("currency", String(3))
        .Optional("type", TariffType)
        .Many("tariff_alt_text", CommonSchemas.DisplayText)
        .Optional("tariff_alt_url", Url)
        .Optional("min_price", PriceLimit)
        .Optional("max_price", PriceLimit)
        .AtLeastOne("elements", TariffElement)
        .Required("tax_included", TaxIncluded)
        .Optional("start_date_time", OcpiTypes.DateTime)
        .Optional("end_date_time", OcpiTypes.DateTime)
        .Optional("energy_mix", CommonSchemas.EnergyMix)
        .Required("last_updated", OcpiTypes.DateTime);

    private static void ReservationElementsPriceOnlyFlatAndTime(JsonElement element, string path, ValidationResult result)
    {
        if (!element.TryGetProperty("restrictions", out var restrictions) || restrictions.ValueKind != JsonValueKind.Object ||
            !restrictions.TryGetProperty("reservation", out var reservation) || reservation.ValueKind != JsonValueKind.String)
            return;
        if (!element.TryGetProperty("price_components", out var components) || components.ValueKind != JsonValueKind.Array) return;
        var index = 0;
        foreach (var component in components.EnumerateArray())
        {
            var componentPath = $"{(path.Length == 0 ? "" : path + ".")}price_components[{index++}]";
            if (component.ValueKind == JsonValueKind.Object && component.TryGetProperty("type", out var type) &&
                type.ValueKind == JsonValueKind.String && TariffDimensionType.Values.Contains(type.GetString()!) &&
                !ReservationDimensionTypes.Contains(type.GetString()!))
                result.Add($"{componentPath}.type",
                    $"a reservation element (restrictions.reservation = {reservation.GetString()}) can only have FLAT and TIME price components, not {type.GetString()}");
        }
    }
}
