using System.Text.Json.Nodes;

namespace Ocpi.Tariffs;

/// <summary>The parts of a 2.3.0 Tariff (mod_tariffs Tariff object) that pricing reads.</summary>
internal sealed record TariffModel(
    string? Id,
    string Currency,
    string TaxIncluded,
    PriceLimit? MinPrice,
    PriceLimit? MaxPrice,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    IReadOnlyList<TariffElementModel> Elements)
{
    public const string Energy = "ENERGY", Flat = "FLAT", Time = "TIME", ParkingTime = "PARKING_TIME";

    /// <summary>No PriceComponent carries a vat: the taxes inside or on top of the prices are unknown to us.</summary>
    public bool NoVatAnywhere => Elements.SelectMany(e => e.Components).All(c => c.Vat is null);

    public static TariffModel Parse(JsonObject tariff)
    {
        const string path = "tariff";
        var currency = JsonRead.String(tariff, "currency", path) ?? throw new UnpriceableException("tariff.currency is missing");
        // tax_included is required in 2.3.0. Without it the Tariff is a 2.2.1 one, whose prices were always excluding
        // VAT (2.2.1 PriceComponent.price): the same meaning as NO.
        var taxIncluded = JsonRead.String(tariff, "tax_included", path) ?? "NO";
        if (taxIncluded is not ("YES" or "NO" or "N/A"))
            throw new UnpriceableException($"tariff.tax_included '{taxIncluded}' is not YES, NO or N/A");
        var elements = JsonRead.Objects(tariff, "elements", path);
        if (elements.Count == 0) throw new UnpriceableException("tariff.elements is empty: the tariff has no prices");
        return new TariffModel(
            JsonRead.String(tariff, "id", path),
            currency,
            taxIncluded,
            PriceLimit.Parse(JsonRead.Object(tariff, "min_price", path), "tariff.min_price"),
            PriceLimit.Parse(JsonRead.Object(tariff, "max_price", path), "tariff.max_price"),
            JsonRead.Instant(tariff, "start_date_time", path),
            JsonRead.Instant(tariff, "end_date_time", path),
            elements.Select((e, i) => TariffElementModel.Parse(e, i)).ToList());
    }
}

/// <summary>PriceLimit (new in 2.3.0): before_taxes 1, after_taxes ?.</summary>
internal sealed record PriceLimit(decimal BeforeTaxes, decimal? AfterTaxes)
{
    public static PriceLimit? Parse(JsonObject? limit, string path) => limit is null
        ? null
        : new PriceLimit(JsonRead.RequiredNumber(limit, "before_taxes", path), JsonRead.Number(limit, "after_taxes", path));
}

/// <summary>A TariffElement; <see cref="Number"/> is its 1-based position, used in reasons.</summary>
internal sealed record TariffElementModel(int Number, IReadOnlyList<PriceComponentModel> Components, RestrictionsModel? Restrictions)
{
    /// <summary>reservation (RESERVATION / RESERVATION_EXPIRES) or null for an element that prices the session.</summary>
    public string? Reservation => Restrictions?.Reservation;

    /// <summary>An element of the bookings branch (restrictions.booking): booking costs, which a CDR does not carry.</summary>
    public bool Booking => Restrictions?.Booking is not null;

    /// <summary>The element's PriceComponent for a dimension (the first, should it list two).</summary>
    public PriceComponentModel? Component(string dimension) => Components.FirstOrDefault(c => c.Type == dimension);

    public static TariffElementModel Parse(JsonObject element, int index)
    {
        var path = $"tariff.elements[{index}]";
        var components = JsonRead.Objects(element, "price_components", path)
            .Select((c, i) => PriceComponentModel.Parse(c, $"{path}.price_components[{i}]")).ToList();
        var restrictions = JsonRead.Object(element, "restrictions", path);
        return new TariffElementModel(index + 1, components,
            restrictions is null ? null : RestrictionsModel.Parse(restrictions, $"{path}.restrictions"));
    }
}

/// <summary>PriceComponent: price per unit (kWh, hour, or the flat fee), its VAT percentage, its step size.</summary>
internal sealed record PriceComponentModel(string Type, decimal Price, decimal? Vat, decimal StepSize)
{
    public static PriceComponentModel Parse(JsonObject c, string path)
    {
        var type = JsonRead.String(c, "type", path) ?? throw new UnpriceableException($"{path}.type is missing");
        if (type is not (TariffModel.Energy or TariffModel.Flat or TariffModel.Time or TariffModel.ParkingTime))
            throw new UnpriceableException($"{path}.type '{type}' is not a TariffDimensionType");
        var price = JsonRead.RequiredNumber(c, "price", path);
        if (price < 0) throw new UnpriceableException($"{path}.price is negative");
        // step_size is required, but FLAT has no step unit: a FLAT without one is still priceable.
        var step = JsonRead.Number(c, "step_size", path)
                   ?? (type == TariffModel.Flat ? 0 : throw new UnpriceableException($"{path}.step_size is missing"));
        return new PriceComponentModel(type, price, JsonRead.Number(c, "vat", path), step);
    }
}

/// <summary>TariffRestrictions; every field optional, combined with AND.</summary>
internal sealed record RestrictionsModel(
    TimeOnly? StartTime, TimeOnly? EndTime, DateOnly? StartDate, DateOnly? EndDate,
    decimal? MinKwh, decimal? MaxKwh, decimal? MinCurrent, decimal? MaxCurrent, decimal? MinPower, decimal? MaxPower,
    decimal? MinDuration, decimal? MaxDuration, IReadOnlyList<DayOfWeek> DaysOfWeek, string? Reservation, string? Booking)
{
    private static readonly Dictionary<string, DayOfWeek> Days = new(StringComparer.Ordinal)
    {
        ["MONDAY"] = DayOfWeek.Monday, ["TUESDAY"] = DayOfWeek.Tuesday, ["WEDNESDAY"] = DayOfWeek.Wednesday,
        ["THURSDAY"] = DayOfWeek.Thursday, ["FRIDAY"] = DayOfWeek.Friday, ["SATURDAY"] = DayOfWeek.Saturday, ["SUNDAY"] = DayOfWeek.Sunday,
    };

    public static RestrictionsModel Parse(JsonObject r, string path)
    {
        var reservation = JsonRead.String(r, "reservation", path);
        if (reservation is not (null or "RESERVATION" or "RESERVATION_EXPIRES"))
            throw new UnpriceableException($"{path}.reservation '{reservation}' is not a ReservationRestrictionType");
        var days = JsonRead.Strings(r, "day_of_week", path).Select(d => Days.TryGetValue(d, out var day)
            ? day
            : throw new UnpriceableException($"{path}.day_of_week '{d}' is not a DayOfWeek")).ToList();
        return new RestrictionsModel(
            JsonRead.TimeOfDay(r, "start_time", path), JsonRead.TimeOfDay(r, "end_time", path),
            JsonRead.Date(r, "start_date", path), JsonRead.Date(r, "end_date", path),
            JsonRead.Number(r, "min_kwh", path), JsonRead.Number(r, "max_kwh", path),
            JsonRead.Number(r, "min_current", path), JsonRead.Number(r, "max_current", path),
            JsonRead.Number(r, "min_power", path), JsonRead.Number(r, "max_power", path),
            JsonRead.Number(r, "min_duration", path), JsonRead.Number(r, "max_duration", path),
            days, reservation, JsonRead.String(r, "booking", path));
    }
}
