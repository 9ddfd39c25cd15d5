using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Ocpi.Emsp.Hosting.EmbeddedPostgres;

namespace Ocpi.Emsp.Benchmarks.Load;

/// <summary>
/// The ceiling a single-row write reaches on this server, from pgbench (C, libpq, prepared statements): one INSERT of
/// the Session JSON the service receives into a jsonb table with a primary key, one transaction each. The JSON is a
/// pgbench variable, so it travels as a parameter and PostgreSQL parses it into jsonb for every row, as it does for
/// the service; the key is a random 62-bit number per transaction.
/// </summary>
public static partial class Pgbench
{
    public const string Table = "bench_baseline.document";

    public const string Script = $"""
        \set id random(1, 4611686018427387903)
        insert into {Table} (id, data) values (:id, :json);
        """;

    /// <summary>pgbench of the PostgreSQL server binaries in use, else the one on PATH.</summary>
    public static string Locate()
    {
        string? serverBin = null;
        try
        {
            serverBin = PostgresBinaries.Locate().Directory;
        }
        catch (PostgresBinariesNotFoundException)
        {
        }

        return ExternalProgram.Find("pgbench", serverBin is null ? [] : [serverBin])
            ?? throw new InvalidOperationException("pgbench is not installed; it comes with the PostgreSQL server package (e.g. postgresql-15).");
    }

    public static async Task CreateTableAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "create schema if not exists bench_baseline; " +
            $"create table if not exists {Table} (id text primary key, data jsonb not null, stored_at timestamptz not null default now())");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// <c>pgbench -n -c C -j min(C,2) -T S -M prepared -f insert.sql -l</c> against the database of
    /// <paramref name="connectionString"/>; the per-transaction log (in <paramref name="directory"/>) gives the latencies.
    /// </summary>
    public static async Task<PgbenchRun> RunAsync(string pgbench, string connectionString, string directory, string json, int clients,
        TimeSpan duration, string label, CancellationToken cancellationToken)
    {
        var script = Path.Combine(directory, "insert.sql");
        if (!File.Exists(script)) await File.WriteAllTextAsync(script, Script + "\n", cancellationToken);
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        var logPrefix = Path.Combine(directory, $"pgbench-{label}");
        string[] arguments =
        [
            "-n", "-c", $"{clients}", "-j", $"{Math.Min(clients, 2)}", "-T", $"{seconds}", "-M", "prepared", "-f", script,
            "-D", $"json={json}", "-l", $"--log-prefix={logPrefix}",
            "-h", connection.Host!, "-p", $"{connection.Port}", "-U", connection.Username!, connection.Database!,
        ];
        var environment = new Dictionary<string, string> { ["PGPASSWORD"] = connection.Password ?? "" };
        var output = await ExternalProgram.RunAsync(pgbench, arguments, directory, environment, TimeSpan.FromSeconds(seconds + 60), cancellationToken);
        var logs = Directory.GetFiles(directory, Path.GetFileName(logPrefix) + ".*");
        try
        {
            if (output.ExitCode != 0)
                throw new InvalidOperationException($"pgbench exited with {output.ExitCode}: {output.StandardError}{output.StandardOutput}");
            return Parse(output.StandardOutput, logs.SelectMany(File.ReadLines));
        }
        finally
        {
            foreach (var log in logs) File.Delete(log);
        }
    }

    /// <summary>Reads pgbench's summary and its per-transaction log lines ("client tx latency_us script epoch us").</summary>
    public static PgbenchRun Parse(string summary, IEnumerable<string> logLines)
    {
        var latency = new LatencyHistogram();
        foreach (var line in logLines)
        {
            var fields = line.Split(' ');
            // A failed transaction's latency field is a word ("failed"), not a number.
            if (fields.Length >= 3 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var us)) latency.Add(us);
        }

        return new PgbenchRun(
            Transactions: long.Parse(Match(ProcessedLine(), summary), CultureInfo.InvariantCulture),
            Failed: FailedLine().Match(summary) is { Success: true } failed ? long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            Tps: double.Parse(Match(TpsLine(), summary), CultureInfo.InvariantCulture),
            Latency: latency);
    }

    private static string Match(Regex regex, string text) =>
        regex.Match(text) is { Success: true } match ? match.Groups[1].Value : throw new FormatException($"pgbench output without '{regex}':\n{text}");

    [GeneratedRegex(@"number of transactions actually processed: (\d+)")]
    private static partial Regex ProcessedLine();

    [GeneratedRegex(@"number of failed transactions: (\d+)")]
    private static partial Regex FailedLine();

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();
}

/// <summary>One pgbench run: transactions, failures, its tps (without connection time) and latencies.</summary>
public sealed record PgbenchRun(long Transactions, long Failed, double Tps, LatencyHistogram Latency)
{
    public RunResult ToRunResult(int clients)
    {
        var seconds = Tps > 0 ? Transactions / Tps : 0;
        var run = RunResults.From("pgbench-insert", clients, Latency, seconds, (int)Failed, "pgbench");
        run.Requests = (int)Transactions;
        run.RequestsPerSecond = Math.Round(Tps, 1);
        if (Failed > 0) run.ErrorSamples.Add($"{Failed} failed transactions");
        return run;
    }
}
