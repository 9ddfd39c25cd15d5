using System.Diagnostics;

namespace Ocpi.Emsp.Audit.Export;

/// <summary>A one-line progress bar on standard error, redrawn at most ten times a second.</summary>
public sealed class TerminalProgress(long total) : IDisposable
{
    private const int Width = 40;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _drawn = TimeSpan.MinValue;

    public void Report(long done)
    {
        if (_clock.Elapsed - _drawn < TimeSpan.FromMilliseconds(100)) return;
        _drawn = _clock.Elapsed;
        Draw(done);
    }

    public void Done(long done)
    {
        Draw(done);
        Console.Error.WriteLine($"  {done:N0} events exported in {_clock.Elapsed.TotalSeconds:0.0} s");
    }

    private void Draw(long done)
    {
        var share = total == 0 ? 1 : Math.Min(1, (double)done / total);
        var filled = (int)(share * Width);
        Console.Error.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {share,4:P0} {done:N0}/{total:N0} events");
    }

    public void Dispose() => Console.Error.Flush();
}
