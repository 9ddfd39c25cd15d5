using System.Diagnostics;

namespace Ocpi.Emsp.Hosting.CommandLine;

/// <summary>
/// Progress of a long command, always on standard error (standard output may carry the command's data): a one-line bar
/// redrawn at most ten times a second when standard error is a terminal, otherwise a plain line every
/// <see cref="PlainInterval"/> (for a log file or a CI job). Safe to report from several threads.
/// </summary>
public sealed class CommandProgress
{
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private const int Width = 40;

    private readonly string _unit;
    private readonly TextWriter _errors;
    private readonly bool _terminal;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _drawing = new();
    private long _total;
    private long _done;
    private TimeSpan _drawn;

    private CommandProgress(string unit, long total, TextWriter errors, bool terminal)
    {
        _unit = unit;
        _total = total;
        _errors = errors;
        _terminal = terminal;
    }

    /// <summary>Progress towards <paramref name="total"/> items named <paramref name="unit"/> ("events").</summary>
    public static CommandProgress Start(string unit, long total) => new(unit, total, Console.Error, !Console.IsErrorRedirected);

    /// <summary>For tests: any writer, terminal or plain.</summary>
    public static CommandProgress Start(string unit, long total, TextWriter errors, bool terminal) => new(unit, total, errors, terminal);

    public void AddToTotal(long more) => Interlocked.Add(ref _total, more);

    /// <summary>Sets how many items are done (one reporter).</summary>
    public void Report(long done)
    {
        Interlocked.Exchange(ref _done, done);
        MaybeDraw();
    }

    /// <summary>Adds to the items done (several reporters).</summary>
    public void Add(long items)
    {
        Interlocked.Add(ref _done, items);
        MaybeDraw();
    }

    /// <summary>The final line: what was done, in how long.</summary>
    public void Done(string summary)
    {
        lock (_drawing)
        {
            if (_terminal) _errors.Write($"\r{Bar()}{Environment.NewLine}");
            _errors.WriteLine($"{summary} in {_clock.Elapsed.TotalSeconds:0.0} s");
            _errors.Flush();
        }
    }

    private void MaybeDraw()
    {
        var interval = _terminal ? TimeSpan.FromMilliseconds(100) : PlainInterval;
        if (_clock.Elapsed - _drawn < interval || !_drawing.TryEnter()) return;
        try
        {
            if (_clock.Elapsed - _drawn < interval) return;
            _drawn = _clock.Elapsed;
            if (_terminal) _errors.Write($"\r{Bar()}");
            else _errors.WriteLine($"{Counts()} after {_clock.Elapsed.TotalSeconds:0} s");
            _errors.Flush();
        }
        finally
        {
            _drawing.Exit();
        }
    }

    private string Bar()
    {
        var (done, total) = (Interlocked.Read(ref _done), Interlocked.Read(ref _total));
        var share = total == 0 ? 1 : Math.Min(1, (double)done / total);
        var filled = (int)(share * Width);
        return $"[{new string('#', filled)}{new string('.', Width - filled)}] {Counts()}";
    }

    private string Counts()
    {
        var (done, total) = (Interlocked.Read(ref _done), Interlocked.Read(ref _total));
        var share = total == 0 ? 1 : Math.Min(1, (double)done / total);
        return $"{share,4:P0} {done:N0}/{total:N0} {_unit}";
    }
}
