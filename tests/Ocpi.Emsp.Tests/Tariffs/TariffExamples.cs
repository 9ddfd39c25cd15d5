using System.Text.Json.Nodes;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Tests.Tariffs;

/// <summary>The official Tariff examples, re-owned by the pushing CPO and corrected where the example itself is wrong.</summary>
public static class TariffExamples
{
    /// <summary>Every tariff_*.json and tariffrestriction_*.json of the spec.</summary>
    public static IReadOnlyList<string> All => SpecExamples.Named("tariff").Order(StringComparer.Ordinal).ToList();

    public static JsonObject OwnedBy(string fileName, PartyRef owner)
    {
        var tariff = SpecExamples.OwnedBy(fileName, owner);
        // Known example error (tariffs.md §11): tariff_put_example.json has no last_updated, which is required.
        if (fileName == "tariff_put_example.json" && !tariff.ContainsKey("last_updated")) tariff["last_updated"] = "2015-06-29T20:39:09Z";
        return tariff;
    }

    public static string Url(CpoSimulator.CpoSimulator cpo, string id) =>
        $"{cpo.EmspEndpoint("tariffs")}/{cpo.Options.Party.CountryCode}/{cpo.Options.Party.PartyId}/{id}";

    public static string Key(CpoSimulator.CpoSimulator cpo, string id) =>
        $"tariff:{cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}:{id.ToUpperInvariant()}";
}
