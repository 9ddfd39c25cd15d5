using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>
/// Request bodies built from the official OCPI 2.3.0 examples (tests/SpecExamples), re-owned by the pushing CPO
/// and given distinct ids.
/// </summary>
public sealed class Payloads
{
    private readonly string _directory;

    public Payloads(string directory)
    {
        _directory = directory;
        Session = Load("session_example_1_simple_start.json");
        Location = Load("location_example.json");
        Cdr = Load("cdr_example.json");
        Token = Load("token_example_2_full_rfid.json");
        ChargingPeriodPatch = Load("session_patch_example_charging_period.json");
        // Known example error: the CDR's embedded Tariff has no tax_included, required since 2.3.0 (see the CDR tests).
        foreach (var tariff in Cdr["tariffs"]!.AsArray()) tariff!["tax_included"] ??= "NO";
    }

    public JsonObject Session { get; }
    public JsonObject Location { get; }
    public JsonObject Cdr { get; }
    public JsonObject Token { get; }
    public JsonObject ChargingPeriodPatch { get; }

    /// <summary>The examples next to the program (copied at build time), else tests/SpecExamples in the repository.</summary>
    public static string FindDirectory(string? repositoryRoot)
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "SpecExamples") };
        if (repositoryRoot is not null) candidates.Add(Path.Combine(repositoryRoot, "tests", "SpecExamples"));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "session_example_1_simple_start.json")))
            ?? throw new InvalidOperationException("The OCPI 2.3.0 examples were not found; looked in " + string.Join(", ", candidates));
    }

    private JsonObject Load(string fileName) => JsonNode.Parse(File.ReadAllText(Path.Combine(_directory, fileName)))!.AsObject();

    private static readonly DateTimeOffset SessionStart = new(2025, 3, 9, 10, 17, 9, TimeSpan.Zero);

    public JsonObject SessionFor(PartyRef owner, string id)
    {
        var session = (JsonObject)Session.DeepClone();
        session["country_code"] = owner.CountryCode;
        session["party_id"] = owner.PartyId;
        session["id"] = id;
        session["start_date_time"] = Format(SessionStart);
        session["last_updated"] = Format(SessionStart);
        return session;
    }

    public JsonObject LocationFor(PartyRef owner, string id)
    {
        var location = (JsonObject)Location.DeepClone();
        location["country_code"] = owner.CountryCode;
        location["party_id"] = owner.PartyId;
        location["id"] = id;
        return location;
    }

    public IReadOnlyList<string> EvseUids => Location["evses"]!.AsArray().Select(e => e!["uid"]!.GetValue<string>()).ToList();

    /// <summary>
    /// The example CDR, re-owned, with its own id and its own UTC day (<paramref name="end"/>): each CDR then lands in its own
    /// daily-totals document, so its arrival in that async view can be observed on its own.
    /// </summary>
    public JsonObject CdrFor(PartyRef owner, string id, DateTimeOffset end)
    {
        var cdr = (JsonObject)Cdr.DeepClone();
        cdr["country_code"] = owner.CountryCode;
        cdr["party_id"] = owner.PartyId;
        cdr["id"] = id;
        var start = end.AddMinutes(-118).AddSeconds(-23);
        cdr["start_date_time"] = Format(start);
        cdr["end_date_time"] = Format(end);
        cdr["charging_periods"]![0]!["start_date_time"] = Format(start);
        cdr["last_updated"] = Format(end.AddMinutes(25));
        foreach (var tariff in cdr["tariffs"]!.AsArray())
        {
            tariff!["country_code"] = owner.CountryCode;
            tariff["party_id"] = owner.PartyId;
        }

        return cdr;
    }

    public JsonObject TokenFor(PartyRef us, string uid, int n)
    {
        var token = (JsonObject)Token.DeepClone();
        token["country_code"] = us.CountryCode;
        token["party_id"] = us.PartyId;
        token["uid"] = uid;
        token["contract_id"] = $"{us.CountryCode}-{us.PartyId}-C{n:D8}";
        token["visual_number"] = $"BENCH-{n:D8}";
        return token;
    }

    public static JsonObject EvseStatusPatch(string status, DateTimeOffset lastUpdated) =>
        new() { ["status"] = status, ["last_updated"] = Format(lastUpdated) };

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
}
