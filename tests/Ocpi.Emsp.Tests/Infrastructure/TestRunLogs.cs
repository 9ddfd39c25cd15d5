using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;

namespace Ocpi.Emsp.Tests.Infrastructure;

/// <summary>
/// Every log event of every service host this test assembly starts in its own process, rendered (message, every property,
/// exception), and every secret seen in use during the run, so that a test can prove no secret reached a log.
/// Every host built in this process writes here (Serilog:WriteTo added by <see cref="SecretsInUse"/> as the host is
/// built), so no host of the test run can be started without it.
/// </summary>
public static class TestRunLogs
{
    /// <summary>Characters kept before the capture stops (and the scanning test fails, saying so).</summary>
    public const long MaxChars = 200_000_000;

    private static readonly ConcurrentQueue<string> Lines = new();
    private static readonly ConcurrentDictionary<string, byte> Secrets = new(StringComparer.Ordinal);
    private static long _chars;

    public static bool Overflowed => Interlocked.Read(ref _chars) > MaxChars;
    public static long Chars => Interlocked.Read(ref _chars);
    public static int LineCount => Lines.Count;
    public static int SecretCount => Secrets.Count;

    /// <summary>Secrets shorter than this are not recorded: a short test value would be found in unrelated text.</summary>
    public const int MinSecretLength = 12;

    public static void Write(string line)
    {
        if (Interlocked.Add(ref _chars, line.Length) > MaxChars) return;
        Lines.Enqueue(line);
    }

    /// <summary>A secret in use: found later in a log line, in its plain or Base64 form, it fails the scan.</summary>
    public static void RecordSecret(string? secret)
    {
        if (secret is null || secret.Length < MinSecretLength) return;
        Secrets.TryAdd(secret, 0);
    }

    public static IReadOnlyCollection<string> RecordedSecrets() => Secrets.Keys.ToList();

    /// <summary>Every captured line that contains one of <paramref name="secrets"/> (or its Base64), with the secret found.</summary>
    public static IReadOnlyList<(string Secret, string Line)> LinesContaining(IEnumerable<string> secrets)
    {
        var forms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var secret in secrets.Where(s => s.Length >= MinSecretLength))
        {
            forms.TryAdd(secret, secret);
            forms.TryAdd(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), secret);
        }
        if (forms.Count == 0) return [];
        var search = SearchValues.Create(forms.Keys.ToArray(), StringComparison.Ordinal);
        var found = new List<(string, string)>();
        foreach (var line in Lines)
        {
            var at = line.AsSpan().IndexOfAny(search);
            if (at < 0) continue;
            var form = forms.Keys.First(f => line.AsSpan(at).StartsWith(f, StringComparison.Ordinal));
            found.Add((forms[form], line));
        }
        return found;
    }
}

/// <summary>Renders an event as one line: level, source, message, every property (structured values in full), exception.</summary>
public sealed class TestRunLogsSink : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        var line = new StringBuilder()
            .Append(logEvent.Level).Append(' ')
            .Append(logEvent.RenderMessage()).Append(" |");
        foreach (var (name, value) in logEvent.Properties) line.Append(' ').Append(name).Append('=').Append(value);
        if (logEvent.Exception is { } exception) line.Append(" | ").Append(exception);
        TestRunLogs.Write(line.ToString());
    }
}

/// <summary>The sink's name for Serilog's configuration (<c>Serilog:WriteTo:…:Name = TestRunLogs</c>).</summary>
public static class TestRunLogsSinkExtensions
{
    public static LoggerConfiguration TestRunLogs(this LoggerSinkConfiguration sinks) => sinks.Sink(new TestRunLogsSink());
}
