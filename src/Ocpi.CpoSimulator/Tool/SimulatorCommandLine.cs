using System.Globalization;
using System.Text.RegularExpressions;
using Ocpi.Protocol.Common;

namespace Ocpi.CpoSimulator.Tool;

/// <summary>The outcome of reading the command line: settings to run with, usage to print, or what is wrong.</summary>
public sealed record ParsedCommandLine(SimulatorSettings? Settings, bool Help, IReadOnlyList<string> Errors);

/// <summary>Reads the simulator's command line. Pure: no console, no environment except the API key's fallback variable.</summary>
public static partial class SimulatorCommandLine
{
    public const string ApiKeyVariable = "EMSP_API_KEY";

    public const string Usage = """
        Ocpi.CpoSimulator: a small OCPI 2.3.0 CPO that connects to an eMSP and plays a charging day.

        Usage: dotnet run --project src/Ocpi.CpoSimulator -- --emsp <url> --api-key <key> [options]

          --emsp <url>          The eMSP's base URL, e.g. http://localhost:5080 (required)
          --api-key <key>       The eMSP's internal API key (X-Api-Key); default: $EMSP_API_KEY
          --party <CC/PID>      Our country code and party id (default DE/CPX)
          --name <text>         Our business name (default "Simulated CPO")
          --listen <url>        Where our OCPI server listens (default http://127.0.0.1:0, a free port)
          --public-url <url>    The URL the eMSP reaches us at, if not the listen URL
          --minutes <n>         Real minutes the simulated day takes (default 3; 0 = as fast as possible)
          --locations <n>       Charging sites (1-99, default 4)
          --sessions <n>        Charging sessions over the day (0-500, default 12)
          --demo-tokens <n>     Tokens to create through the internal API if the eMSP has none (default 3; 0 = none)
          --seed <n>            Another seed gives another day (default 2300)
          --once                Exit after the day (exit code 1 if the eMSP refused anything)
          --help                Show this text

        It asks the eMSP for an invitation, registers with the OCPI credentials handshake, sends tariffs, locations,
        EVSE status changes, sessions and CDRs (one deliberately over-charged), authorizes the eMSP's tokens, then stays
        up as a CPO (token pushes, pull sync, commands) until Ctrl+C.
        """;

    public static ParsedCommandLine Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var errors = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var once = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?") return new ParsedCommandLine(null, true, []);
            if (arg == "--once") { once = true; continue; }
            var (name, inline) = arg.Split('=', 2) is [var n, var v] && n.StartsWith("--") ? (n, v) : (arg, null);
            if (!Options.Contains(name)) { errors.Add($"Unknown option '{arg}'."); continue; }
            if (inline is not null) values[name] = inline;
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--")) values[name] = args[++i];
            else errors.Add($"Option {name} needs a value.");
        }

        var emsp = AbsoluteHttpUrl("--emsp", values.GetValueOrDefault("--emsp"), errors, required: true);
        var apiKey = values.GetValueOrDefault("--api-key") ?? environment(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(apiKey)) errors.Add($"--api-key is required (or set {ApiKeyVariable}): the eMSP's internal API key, logged at its first start.");
        var party = PartyRef(values.GetValueOrDefault("--party"), errors);
        var listen = AbsoluteHttpUrl("--listen", values.GetValueOrDefault("--listen"), errors, required: false);
        var publicUrl = AbsoluteHttpUrl("--public-url", values.GetValueOrDefault("--public-url"), errors, required: false);
        var minutes = Number("--minutes", values.GetValueOrDefault("--minutes"), 0, 24 * 60, 3, errors);
        var settings = new SimulatorSettings(emsp!, apiKey!)
        {
            Party = party ?? new PartyRef("DE", "CPX"),
            Name = values.GetValueOrDefault("--name") ?? "Simulated CPO",
            Listen = listen?.ToString().TrimEnd('/') ?? "http://127.0.0.1:0",
            PublicUrl = publicUrl?.ToString().TrimEnd('/'),
            DayLength = TimeSpan.FromMinutes(minutes),
            Locations = (int)Number("--locations", values.GetValueOrDefault("--locations"), 1, 99, 4, errors),
            Sessions = (int)Number("--sessions", values.GetValueOrDefault("--sessions"), 0, 500, 12, errors),
            DemoTokens = (int)Number("--demo-tokens", values.GetValueOrDefault("--demo-tokens"), 0, 100, 3, errors),
            Seed = (int)Number("--seed", values.GetValueOrDefault("--seed"), 0, int.MaxValue, 2300, errors),
            Once = once,
        };
        return errors.Count > 0 ? new ParsedCommandLine(null, false, errors) : new ParsedCommandLine(settings, false, []);
    }

    private static readonly HashSet<string> Options =
        ["--emsp", "--api-key", "--party", "--name", "--listen", "--public-url", "--minutes", "--locations", "--sessions", "--demo-tokens", "--seed"];

    private static Uri? AbsoluteHttpUrl(string option, string? value, List<string> errors, bool required)
    {
        if (value is null)
        {
            if (required) errors.Add($"{option} is required: the eMSP's base URL, e.g. http://localhost:5080.");
            return null;
        }
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0) return uri;
        errors.Add($"{option} '{value}' is not an absolute http(s) URL (e.g. http://localhost:5080).");
        return null;
    }

    private static PartyRef? PartyRef(string? value, List<string> errors)
    {
        if (value is null) return null;
        if (PartyPattern().Match(value) is { Success: true } m) return new PartyRef(m.Groups[1].Value.ToUpperInvariant(), m.Groups[2].Value.ToUpperInvariant());
        errors.Add($"--party '{value}' is not a country code and party id like DE/CPX (2 letters, 3 letters or digits).");
        return null;
    }

    private static double Number(string option, string? value, double min, double max, double fallback, List<string> errors)
    {
        if (value is null) return fallback;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max &&
            (option == "--minutes" || n == Math.Floor(n))) return n;
        errors.Add($"{option} '{value}' must be {(option == "--minutes" ? "a number" : "a whole number")} from {min} to {max}.");
        return fallback;
    }

    [GeneratedRegex("^([A-Za-z]{2})[/*-]?([A-Za-z0-9]{3})$")]
    private static partial Regex PartyPattern();
}
