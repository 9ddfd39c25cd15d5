using System.Globalization;
using System.Text.Json;

namespace Ocpi.Emsp.Benchmarks.Load;

/// <summary>
/// HTTP load from wrk (C, an event loop per thread): its CPU per request is a small fraction of the service's, so the
/// service's figures are not held down by the load generator sharing its cores. One run is one wrk process with
/// <c>wrk-ocpi.lua</c>, which builds each request (a new id, or a uid drawn from a file) and checks each answer's OCPI
/// status code. Latency percentiles are wrk's (its histogram is corrected for coordinated omission, see the script).
/// </summary>
public static class Wrk
{
    public const string InstallHint =
        "wrk (https://github.com/wg/wrk) is not on PATH: install it with `apt-get install -y wrk` (Debian/Ubuntu package " +
        "'wrk'; `bash .ci/run` does so when missing) or build it from source and put it on PATH.";

    public const string ScriptName = "wrk-ocpi.lua";

    /// <summary>What each request of a run is: method, path and body with __ID__, and where the ids come from.</summary>
    /// <param name="PathTemplate">e.g. /ocpi/2.3.0/sessions/DE/CPX/__ID__</param>
    /// <param name="BodyFile">the body with __ID__, or null for none</param>
    /// <param name="UidFile">one id a line, drawn at random for each request; null: a new id per request</param>
    /// <param name="Authorization">the Authorization header's value (the CPO's "Token base64")</param>
    public sealed record Request(string Method, string PathTemplate, string? BodyFile, string? UidFile, string Authorization);

    /// <summary>The wrk program on PATH (or /usr/bin, /usr/local/bin), or null.</summary>
    public static string? Locate() => ExternalProgram.Find("wrk", "/usr/bin", "/usr/local/bin");

    /// <summary>Writes <c>wrk-ocpi.lua</c> (an embedded resource of this program) into <paramref name="directory"/>.</summary>
    public static string WriteScript(string directory)
    {
        var path = Path.Combine(directory, ScriptName);
        using var resource = typeof(Wrk).Assembly.GetManifestResourceStream(ScriptName)
            ?? throw new InvalidOperationException($"{ScriptName} is not embedded in {typeof(Wrk).Assembly.GetName().Name}");
        using var file = File.Create(path);
        resource.CopyTo(file);
        return path;
    }

    /// <summary>
    /// One closed-loop run: <paramref name="connections"/> connections kept alive, each sending its next request when
    /// the previous one is answered, for <paramref name="duration"/> (whole seconds, at least 1).
    /// </summary>
    /// <param name="idPrefix">makes the ids of this run distinct from every other run's</param>
    public static async Task<WrkRun> RunAsync(string wrk, string script, string baseUrl, int connections, int threads, TimeSpan duration,
        Request request, string idPrefix, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        string[] arguments =
        [
            "-t", Math.Clamp(threads, 1, connections).ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s",
            // A slow answer is a latency to report, not a socket error (wrk's default gives up after 2 s).
            "--timeout", "30s",
            "-s", script, baseUrl, "--",
            request.Method, request.PathTemplate, request.BodyFile ?? "-", request.UidFile ?? "-", idPrefix, request.Authorization,
        ];
        var output = await ExternalProgram.RunAsync(wrk, arguments, Path.GetDirectoryName(script)!, null,
            TimeSpan.FromSeconds(seconds + 60), cancellationToken);
        if (output.ExitCode != 0)
            throw new InvalidOperationException($"wrk exited with {output.ExitCode}: {output.StandardError}{output.StandardOutput}");
        return Parse(output.StandardOutput + "\n" + output.StandardError);
    }

    /// <summary>Reads the WRK_JSON and WRK_HIST lines that <c>done()</c> prints.</summary>
    public static WrkRun Parse(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        var json = lines.FirstOrDefault(l => l.StartsWith("WRK_JSON ", StringComparison.Ordinal))
            ?? throw new FormatException($"wrk printed no WRK_JSON line (did {ScriptName} load?):\n{output}");
        var histogram = lines.FirstOrDefault(l => l.StartsWith("WRK_HIST", StringComparison.Ordinal)) ?? "WRK_HIST";
        var figures = JsonSerializer.Deserialize<WrkFigures>(json["WRK_JSON ".Length..], Benchmark.JsonOptions)!;
        return new WrkRun(figures, LatencyHistogram.ParsePairs(histogram["WRK_HIST".Length..]));
    }
}

/// <summary>What wrk-ocpi.lua's done() prints (snake_case JSON).</summary>
public sealed class WrkFigures
{
    public long Requests { get; set; }
    public long DurationUs { get; set; }
    public long Ok { get; set; }
    public long Bad { get; set; }
    public long ConnectErrors { get; set; }
    public long ReadErrors { get; set; }
    public long WriteErrors { get; set; }
    public long StatusErrors { get; set; }
    public long Timeouts { get; set; }
    public string Sample { get; set; } = "";
}

/// <summary>One wrk run: its figures and its latency histogram.</summary>
public sealed record WrkRun(WrkFigures Figures, LatencyHistogram Latency)
{
    /// <summary>Answers that were not HTTP 2xx with OCPI 1000, plus socket errors and timeouts.</summary>
    public long Errors => Figures.Bad + Figures.ConnectErrors + Figures.ReadErrors + Figures.WriteErrors + Figures.Timeouts;

    public RunResult ToRunResult(string scenario, int concurrency)
    {
        var seconds = Figures.DurationUs / 1e6;
        var run = RunResults.From(scenario, concurrency, Latency, seconds, (int)Errors, "wrk");
        run.Requests = (int)Figures.Requests;
        run.RequestsPerSecond = seconds > 0 ? Math.Round(Figures.Requests / seconds, 1) : 0;
        if (Errors > 0)
        {
            run.ErrorSamples.Add($"{Figures.Bad} answers not 2xx/1000, socket errors: connect {Figures.ConnectErrors}, read {Figures.ReadErrors}, " +
                $"write {Figures.WriteErrors}, timeout {Figures.Timeouts}; e.g. {Figures.Sample}");
        }

        return run;
    }
}
