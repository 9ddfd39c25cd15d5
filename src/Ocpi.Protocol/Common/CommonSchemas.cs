using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Validation.OcpiTypes;

namespace Ocpi.Protocol.Common;

/// <summary>Classes shared by several modules (types.asciidoc and mod_locations.asciidoc).</summary>
public static class CommonSchemas
{
    public static ObjectSchema DisplayText { get; } = new ObjectSchema("DisplayText")
        .Required("language", String(2))
        .Required("text", String(512));

    public static ObjectSchema TaxAmount { get; } = new ObjectSchema("TaxAmount")
        .Required("name", UnboundedString)
        .Optional("account_number", UnboundedString)
        .Optional("percentage", Number)
        .Required("amount", Number);

    /// <summary>Price (2.3.0): before_taxes plus the taxes relevant to the receiver.</summary>
    public static ObjectSchema Price { get; } = new ObjectSchema("Price")
        .Required("before_taxes", Number)
        .Many("taxes", TaxAmount);

    public static ObjectSchema GeoLocation { get; } = new ObjectSchema("GeoLocation")
        .Required("latitude", Pattern(10, @"-?[0-9]{1,2}\.[0-9]{5,7}", "a latitude with 5 to 7 decimals"))
        .Required("longitude", Pattern(11, @"-?[0-9]{1,3}\.[0-9]{5,7}", "a longitude with 5 to 7 decimals"));

    public static EnumType EnergySourceCategory { get; } =
        Enum("EnergySourceCategory", "NUCLEAR", "GENERAL_FOSSIL", "COAL", "GAS", "GENERAL_GREEN", "SOLAR", "WIND", "WATER");

    public static ObjectSchema EnergySource { get; } = new ObjectSchema("EnergySource")
        .Required("source", EnergySourceCategory)
        .Required("percentage", Number);

    public static ObjectSchema EnvironmentalImpact { get; } = new ObjectSchema("EnvironmentalImpact")
        .Required("category", OpenEnum("EnvironmentalImpactCategory"))
        .Required("amount", Number);

    public static ObjectSchema EnergyMix { get; } = new ObjectSchema("EnergyMix")
        .Required("is_green_energy", OcpiTypes.Boolean)
        .Many("energy_sources", EnergySource)
        .Many("environ_impact", EnvironmentalImpact)
        .Optional("supplier_name", String(64))
        .Optional("energy_product_name", String(64));
}
