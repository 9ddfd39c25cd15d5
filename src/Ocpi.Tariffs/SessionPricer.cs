namespace Ocpi.Tariffs;

/// <summary>
/// The pricing rules, in the order they apply:
/// <list type="number">
/// <item>Per dimension and per charging period, the first TariffElement that has a PriceComponent of that dimension
/// and whose restrictions all hold at the period's start prices the period's volume; none: that volume is free.</item>
/// <item>Elements with a <c>reservation</c> restriction price the reservation (RESERVATION_TIME, its FLAT fee);
/// the others price the session. An expired reservation (no charging followed) uses RESERVATION_EXPIRES elements
/// before RESERVATION ones and has no session costs.</item>
/// <item>FLAT is due once: the price of the first period in which a FLAT component is active.</item>
/// <item>step_size applies once: to the session's billed ENERGY with the step of the last ENERGY component used,
/// and to the billed total of the last time-based dimension (TIME or PARKING_TIME) with the step of its last
/// component; the rounding excess is billed in that last period (mod_cdrs step_size).</item>
/// <item>Taxes per component vat and the Tariff's tax_included; min_price/max_price on the total.</item>
/// </list>
/// </summary>
internal sealed class SessionPricer(TariffModel tariff, SessionModel session)
{
    private sealed class Line(PeriodModel period, string dimension, PriceComponentModel component, decimal volume)
    {
        public PeriodModel Period { get; } = period;
        public string Dimension { get; } = dimension;
        public PriceComponentModel Component { get; } = component;
        public decimal Volume { get; } = volume;
        public decimal Billed { get; set; } = volume;
    }

    private readonly Dictionary<PeriodModel, PeriodState> _states = [];

    public SessionCosts Price()
    {
        CheckTariffApplies();
        var reservationPeriods = session.Periods.Where(p => p.Volume(CdrDimensions.ReservationTime) > 0).ToList();
        var expired = reservationPeriods.Count > 0 && session.Periods.All(p => p.ReservationOnly || NoUsage(p));
        var sessionElements = tariff.Elements.Where(e => e.Reservation is null && !e.Booking).ToList();
        var reservationElements = tariff.Elements.Where(e => expired && e.Reservation == "RESERVATION_EXPIRES")
            .Concat(tariff.Elements.Where(e => e.Reservation == "RESERVATION")).ToList();

        var energy = new CostPart();
        var time = new CostPart();
        var parking = new CostPart();
        var fixedCost = new CostPart();
        var reservation = new CostPart();

        if (!expired)
        {
            CheckUsageIsGiven(sessionElements);
            var energyLines = Lines(TariffModel.Energy, CdrDimensions.Energy, sessionElements);
            StepUp(energyLines, 1000m, 3);
            var timeLines = session.Periods.SelectMany(p =>
                Lines(TariffModel.Time, CdrDimensions.Time, sessionElements, p).Concat(
                    Lines(TariffModel.ParkingTime, CdrDimensions.ParkingTime, sessionElements, p))).ToList();
            // Only the last time-based dimension is rounded; charging followed by parking keeps its exact time.
            if (timeLines.Count > 0) StepUp(timeLines.Where(l => l.Dimension == timeLines[^1].Dimension).ToList(), 3600m, 1);
            foreach (var l in energyLines) energy.Add(l.Billed * l.Component.Price, l.Component, tariff.TaxIncluded);
            foreach (var l in timeLines)
                (l.Dimension == CdrDimensions.Time ? time : parking).Add(l.Billed * l.Component.Price, l.Component, tariff.TaxIncluded);
            AddFlat(fixedCost, sessionElements, session.Periods.Where(p => !p.ReservationOnly));
        }

        if (reservationPeriods.Count > 0)
        {
            var reservationLines = Lines(TariffModel.Time, CdrDimensions.ReservationTime, reservationElements);
            StepUp(reservationLines, 3600m, 1);
            foreach (var l in reservationLines) reservation.Add(l.Billed * l.Component.Price, l.Component, tariff.TaxIncluded);
            AddFlat(reservation, reservationElements, reservationPeriods);
        }

        var total = new CostPart();
        foreach (var part in new[] { energy, time, parking, fixedCost, reservation }) total.Add(part);
        return new SessionCosts(tariff.Currency, PriceLimits.Apply(total, tariff),
            energy.ToPrice(), time.ToPrice(), parking.ToPrice(), fixedCost.ToPrice(), reservation.ToPrice());
    }

    private void CheckTariffApplies()
    {
        if (!string.Equals(tariff.Currency, session.Currency, StringComparison.OrdinalIgnoreCase))
            throw new UnpriceableException($"the tariff is in {tariff.Currency}, the CDR in {session.Currency}");
        if (tariff.ValidFrom is { } from && session.Start < from)
            throw new UnpriceableException($"the session started before the tariff's start_date_time {from:O}");
        if (tariff.ValidUntil is { } until && session.Start >= until)
            throw new UnpriceableException($"the session started after the tariff's end_date_time {until:O}");
        if (tariff.Id is { } id && session.Periods.FirstOrDefault(p => p.TariffId is { } other &&
                !string.Equals(other, id, StringComparison.OrdinalIgnoreCase)) is { } foreign)
            throw new UnpriceableException(
                $"charging period {foreign.Index} names tariff {foreign.TariffId}, not {id}: a session across several tariffs is priced per tariff");
    }

    /// <summary>A priced dimension of which the CDR gives no per-period volume, while its totals say some was used.</summary>
    private void CheckUsageIsGiven(IReadOnlyList<TariffElementModel> elements)
    {
        bool Priced(string dimension) => elements.Any(e => e.Component(dimension) is { Price: > 0 });
        bool Given(string dimension) => session.Periods.Any(p => p.Has(dimension));
        if (Priced(TariffModel.Energy) && !Given(CdrDimensions.Energy) && session.TotalEnergy != 0)
            throw new UnpriceableException("the tariff prices ENERGY but no charging period has an ENERGY dimension");
        // Without total_time, periods that report parking or reservation time but no TIME had no charging time.
        var chargingHours = session.TotalTime - (session.TotalParkingTime ?? 0) ??
                            (Given(CdrDimensions.ParkingTime) || Given(CdrDimensions.ReservationTime) ? 0 : null);
        if (Priced(TariffModel.Time) && !Given(CdrDimensions.Time) && chargingHours != 0)
            throw new UnpriceableException("the tariff prices TIME but no charging period has a TIME dimension");
        if (Priced(TariffModel.ParkingTime) && !Given(CdrDimensions.ParkingTime) && session.TotalParkingTime is > 0)
            throw new UnpriceableException("the tariff prices PARKING_TIME but no charging period has a PARKING_TIME dimension");
    }

    private List<Line> Lines(string tariffDimension, string cdrDimension, IReadOnlyList<TariffElementModel> elements) =>
        session.Periods.SelectMany(p => Lines(tariffDimension, cdrDimension, elements, p)).ToList();

    private IEnumerable<Line> Lines(string tariffDimension, string cdrDimension, IReadOnlyList<TariffElementModel> elements, PeriodModel period)
    {
        var volume = period.Volume(cdrDimension);
        if (volume == 0 || Active(tariffDimension, elements, period) is not { } component) yield break;
        // A negative volume (energy returned to the grid) has no price in a 2.3.0 Tariff; it only matters when priced.
        if (volume < 0 && component.Price != 0)
            throw new UnpriceableException(
                $"charging period {period.Index} has a negative {cdrDimension} volume, which OCPI 2.3.0 tariffs do not price");
        if (volume > 0) yield return new Line(period, cdrDimension, component, volume);
    }

    /// <summary>FLAT: due once, at the price of the first period in which an element with a FLAT component holds.</summary>
    private void AddFlat(CostPart part, IReadOnlyList<TariffElementModel> elements, IEnumerable<PeriodModel> periods)
    {
        foreach (var period in periods)
            if (Active(TariffModel.Flat, elements, period) is { } flat)
            {
                part.Add(flat.Price, flat, tariff.TaxIncluded);
                return;
            }
    }

    private PriceComponentModel? Active(string dimension, IReadOnlyList<TariffElementModel> elements, PeriodModel period)
    {
        foreach (var element in elements)
            if (element.Component(dimension) is { } component && Restrictions.Hold(element, State(period)))
                return component;
        return null;
    }

    /// <summary>
    /// step_size: the billed total of the lines (in the step unit: Wh, or seconds) rounded up to a multiple of the last
    /// line's step; the excess is billed in the last line. The total is first rounded to <paramref name="decimals"/>
    /// of the unit so that hours written with finitely many decimals (5 minutes = 0.083334 h = 300.0024 s) do not round
    /// up a whole unit: a tenth of a second for time (hours with 5 decimals or more), a thousandth of a Wh for energy.
    /// </summary>
    private static void StepUp(List<Line> lines, decimal unitsPerVolume, int decimals)
    {
        if (lines.Count == 0) return;
        var last = lines[^1];
        var exact = lines.Sum(l => l.Volume) * unitsPerVolume;
        var step = Math.Max(1m, last.Component.StepSize);
        var billed = Math.Ceiling(Math.Round(exact, decimals) / step) * step;
        last.Billed += (billed - exact) / unitsPerVolume;
    }

    private PeriodState State(PeriodModel period)
    {
        if (_states.TryGetValue(period, out var state)) return state;
        var local = session.TimeZone is { } zone ? TimeZoneInfo.ConvertTime(period.Start, zone).DateTime : (DateTime?)null;
        var seconds = Math.Max(0m, (decimal)(period.Start - session.Start).TotalSeconds);
        decimal? energyBefore = session.EnergyKnown
            ? session.Periods.TakeWhile(p => p != period).Sum(p => p.Volume(CdrDimensions.Energy))
            : null;
        return _states[period] = new PeriodState(period, local, seconds, energyBefore);
    }

    private static bool NoUsage(PeriodModel p) =>
        p.Volume(CdrDimensions.Energy) == 0 && p.Volume(CdrDimensions.Time) == 0 && p.Volume(CdrDimensions.ParkingTime) == 0;
}
