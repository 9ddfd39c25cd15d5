using System.Diagnostics;
using System.Security.Cryptography;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>
/// A fixed single-threaded piece of work (SHA-256 over 64 MiB, best of three), timed at the start and at the end of a
/// run. Virtual machines of the same size differ in speed from one run to the next, on this kind of machine by up to
/// two times; this figure says how fast the machine was while the absolute figures (events/s, latencies) were taken.
/// </summary>
public static class CpuCheck
{
    public static double Milliseconds()
    {
        var data = new byte[1 << 20];
        Random.Shared.NextBytes(data);
        var best = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 64; i++) SHA256.HashData(data);
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return Math.Round(best, 1);
    }
}
