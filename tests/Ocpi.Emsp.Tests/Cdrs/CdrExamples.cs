using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Cdrs;

/// <summary>The official CDR example, corrected and re-owned by the posting CPO; URLs and stream keys of CDRs.</summary>
public static class CdrExamples
{
    /// <summary>
    /// cdr_example.json owned by the CPO (the CDR and its embedded Tariff). Known example error: the embedded Tariff has
    /// no <c>tax_included</c>, required since 2.3.0; "NO" is added (its price 2.00 with 10 % VAT gives 4.00 + 0.40).
    /// </summary>
    public static JsonObject Cdr(CpoSimulator.CpoSimulator cpo, string? id = null)
    {
        var cdr = SpecExamples.OwnedBy("cdr_example.json", cpo.Options.Party);
        foreach (var tariff in cdr["tariffs"]!.AsArray())
        {
            tariff!["tax_included"] ??= "NO";
            tariff["country_code"] = cpo.Options.Party.CountryCode;
            tariff["party_id"] = cpo.Options.Party.PartyId;
        }
        if (id is not null) cdr["id"] = id;
        return cdr;
    }

    /// <summary>The URL the eMSP must name in Location: {cdrs endpoint}/{country_code}/{party_id}/{id}.</summary>
    public static string Url(CpoSimulator.CpoSimulator cpo, string id) =>
        $"{cpo.EmspEndpoint("cdrs")}/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/{id}";

    public static string Key(CpoSimulator.CpoSimulator cpo, string id) =>
        $"cdr:{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}:{id.ToUpperInvariant()}";

    public static Task<CpoSimulator.OcpiCallResult> PostAsync(CpoSimulator.CpoSimulator cpo, JsonObject cdr) =>
        cpo.CallEmspAsync(HttpMethod.Post, cpo.EmspEndpoint("cdrs"), cpo.TokenForEmsp, rawBody: cdr.ToJsonString());

    public static Task<IReadOnlyList<string>> EventTypesAsync(Infrastructure.EmspFixture emsp, CpoSimulator.CpoSimulator cpo, string id) =>
        PushedEventTypesAsync(emsp, Key(cpo, id));

    /// <summary>
    /// The events the CPO's pushes became on a CDR stream, in order; the cost check's own event (appended by the daemon
    /// at a moment of its own) is left out.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PushedEventTypesAsync(Infrastructure.EmspFixture emsp, string key) =>
        (await emsp.EventTypesAsync(key)).Where(t => t != "CdrCostChecked").ToList();
}
