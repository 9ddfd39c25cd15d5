using Ocpi.CpoSimulator.DayScript;

namespace Ocpi.CpoSimulator.Tool;

/// <summary>
/// The tool from command line to exit code: 0 the day was accepted (or help), 1 the eMSP refused something or could
/// not be reached, 2 the command line is wrong. Without --once it stays up as a CPO until <paramref name="stop"/>.
/// </summary>
public static class SimulatorProgram
{
    public const int Ok = 0, Failed = 1, BadArguments = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter error, Func<TimeZoneInfo, ConsoleProgress> console,
        Func<string, string?>? environment, CancellationToken stop)
    {
        var parsed = SimulatorCommandLine.Parse(args, environment);
        if (parsed.Help)
        {
            console(TimeZoneInfo.Utc).Line(SimulatorCommandLine.Usage);
            return Ok;
        }
        if (parsed.Settings is not { } settings)
        {
            foreach (var e in parsed.Errors) error.WriteLine($"error: {e}");
            error.WriteLine("Run with --help for the options.");
            return BadArguments;
        }

        var scenario = ScenarioGenerator.Generate(settings.Locations, settings.Sessions, settings.Seed);
        var output = console(TimeZoneInfo.FindSystemTimeZoneById(scenario.TimeZone));
        try
        {
            await using var run = await SimulatorRun.ConnectAsync(settings, output.Line, stop);
            var tokens = await run.TokensAsync(stop);
            output.Line($"Playing yesterday ({scenario.TimeZone}) in {settings.DayLength.TotalMinutes:0.#} min: " +
                        $"{scenario.Locations.Count} locations, {scenario.Sessions.Count} sessions.");
            var report = await output.TrackAsync(progress => run.PlayDayAsync(scenario, tokens, progress, stop));
            output.Line($"Day done: {report.Summary()}.");
            output.Line($"See it: curl -H 'X-Api-Key: <key>' '{settings.Emsp.ToString().TrimEnd('/')}/api/sessions?country_code={settings.Party.CountryCode}&party_id={settings.Party.PartyId}'" +
                        $" (also /api/locations, /api/tariffs, /api/cdrs, /api/billing/lines?verdict=OVERCHARGED)");
            if (settings.Once) return report.Refusals.Count == 0 ? Ok : Failed;
            await StayUpAsync(run, output, stop);
            return report.Refusals.Count == 0 ? Ok : Failed;
        }
        catch (SimulatorException e)
        {
            error.WriteLine($"error: {e.Message}");
            return Failed;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            output.Line("Stopped.");
            return Ok;
        }
    }

    /// <summary>Serves the eMSP (token pushes, pull sync, commands) and shows each of its calls until stopped.</summary>
    private static async Task StayUpAsync(SimulatorRun run, ConsoleProgress output, CancellationToken stop)
    {
        output.Line($"Staying up as CPO {run.Cpo.Options.Party} at {run.Cpo.VersionsUrl}: the eMSP may push tokens, pull our lists and send commands. Ctrl+C to stop.");
        var shown = run.Cpo.Requests.Count;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
                var requests = run.Cpo.Requests;
                foreach (var r in requests.Skip(shown)) output.Line($"eMSP -> {r.Method} {r.Path}");
                shown = requests.Count;
            }
        }
        catch (OperationCanceledException)
        {
        }
        output.Line("Stopped.");
    }
}
