using System.Globalization;
using System.Runtime.InteropServices;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>Memory of a process from /proc/&lt;pid&gt;/status (Linux): resident set size now and its high-water mark.</summary>
public static class ProcStatus
{
    /// <summary>(VmRSS, VmHWM) in MiB, or null when the process is gone or /proc is unavailable.</summary>
    public static (double RssMb, double HwmMb)? Read(int pid)
    {
        try
        {
            double? rss = null, hwm = null;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line) / 1024.0;
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = Kilobytes(line) / 1024.0;
            }

            return rss is { } r && hwm is { } h ? (Math.Round(r, 1), Math.Round(h, 1)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Sends SIGTERM (a graceful stop for a .NET host), as <c>kill -TERM</c> would.</summary>
    public static bool Terminate(int pid) => OperatingSystem.IsWindows() ? false : Kill(pid, 15) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

/// <summary>Samples a process's RSS every 100 ms in the background and keeps the maximum since the last reset.</summary>
public sealed class RssSampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private double _peak;
    private double _hwm;
    private double _cpuSeconds;

    public RssSampler(int pid)
    {
        _pid = pid;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The highest VmRSS seen since the last <see cref="ResetPeak"/>, in MiB.</summary>
    public double Peak => Volatile.Read(ref _peak);

    /// <summary>The last CPU time (user + system) read for the process, in seconds.</summary>
    public double CpuSeconds => Volatile.Read(ref _cpuSeconds);

    /// <summary>The last VmHWM read (the kernel's peak RSS of the whole process life), in MiB.</summary>
    public double HighWater => Volatile.Read(ref _hwm);

    public void ResetPeak() => Volatile.Write(ref _peak, 0);

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (ProcStatus.Read(_pid) is { } status)
            {
                if (status.RssMb > Volatile.Read(ref _peak)) Volatile.Write(ref _peak, status.RssMb);
                Volatile.Write(ref _hwm, status.HwmMb);
            }

            if (CpuMeter.ProcessTicks(_pid) is { } ticks) Volatile.Write(ref _cpuSeconds, ticks / 100.0);

            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
