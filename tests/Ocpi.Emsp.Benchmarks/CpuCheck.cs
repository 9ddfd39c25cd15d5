using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>
/// A fixed single-threaded piece of work like the service's own (parse and write an OCPI Session as a JSON tree 20,000
/// times, best of five after one untimed round for the JIT), timed at the start and at the end of a run. Virtual machines of the same size differ in speed from one run to the next, on this kind of machine by up to
/// two times; this figure says how fast the machine was while the absolute figures (events/s, latencies) were taken.
/// </summary>
public static class CpuCheck
{
    public static double Milliseconds()
    {
        const string session = """
            {"country_code":"BE","party_id":"BEC","id":"101","start_date_time":"2020-03-09T10:17:09Z","kwh":0.0,
             "cdr_token":{"country_code":"NL","party_id":"EMS","uid":"123abc","type":"RFID","contract_id":"NL-TST-C12345678-S"},
             "auth_method":"WHITELIST","location_id":"LOC1","evse_uid":"3256","connector_id":"1","currency":"EUR",
             "charging_periods":[{"start_date_time":"2020-03-09T10:17:09Z","dimensions":[{"type":"ENERGY","volume":0.0}]}],
             "status":"PENDING","last_updated":"2020-03-09T10:17:09Z"}
            """;
        var best = double.MaxValue;
        for (var round = 0; round < 6; round++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 20_000; i++)
            {
                var tree = JsonNode.Parse(session)!.AsObject();
                tree["kwh"] = i;
                _ = tree.ToJsonString();
            }
            if (round > 0) best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return Math.Round(best, 1);
    }
}
