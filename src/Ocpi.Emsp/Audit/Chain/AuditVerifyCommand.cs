using System.Diagnostics;
using System.Globalization;

namespace Ocpi.Emsp.Audit.Chain;

/// <summary>
/// <c>audit verify [--from SEQ] [--to SEQ]</c>: <see cref="AuditChainVerifier"/> on the terminal. Exits 0 when the chain
/// holds, 1 when it is broken (naming the first broken seq, its stream and why), 2 for bad arguments.
/// </summary>
public static class AuditVerifyCommand
{
    public static bool Matches(string[] args) => args is ["audit", "verify", ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors)
    {
        if (!TryOption(args, "--from", out var from) || !TryOption(args, "--to", out var to))
        {
            errors.WriteLine("usage: audit verify [--from SEQ] [--to SEQ]");
            return 2;
        }
        var verifier = services.GetRequiredService<AuditChainVerifier>();
        var clock = Stopwatch.StartNew();
        var interactive = ReferenceEquals(errors, Console.Error) && !Console.IsErrorRedirected;
        var progress = new Progress<long>(n => { if (interactive) errors.Write($"\r  {n:N0} events checked"); });
        var result = await verifier.VerifyAsync(from, to, CancellationToken.None, progress);
        if (interactive) errors.WriteLine();
        output.WriteLine(result.FirstBroken is { } broken
            ? $"BROKEN at seq {broken.Seq} ({broken.Stream ?? "no event"}): {broken.Reason}; {result.Checked:N0} checked"
            : $"OK: {result.Checked:N0} events checked in {clock.Elapsed.TotalSeconds:0.0} s");
        if (result.Unsealed > 0) output.WriteLine($"{result.Unsealed:N0} newer events are not sealed yet");
        return result.Ok ? 0 : 1;
    }

    private static bool TryOption(string[] args, string name, out long? value)
    {
        value = null;
        var at = Array.IndexOf(args, name);
        if (at < 0) return true;
        if (at + 1 >= args.Length || !long.TryParse(args[at + 1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)) return false;
        value = parsed;
        return true;
    }
}
