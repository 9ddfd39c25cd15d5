using System.Globalization;

using Ocpi.Emsp.Benchmarks.Load;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>
/// Where the CPU time of a run went (Linux /proc): the service process, our PostgreSQL server's processes, the load
/// generator (this process, plus the children it ran to their end meanwhile: wrk, pgbench), and the whole machine.
/// Clock ticks are 1/100 s (USER_HZ on Linux).
/// </summary>
/// <param name="postmasterPid">our server's postmaster: only it and its children count, not the PostgreSQL servers of
/// anything else running on the machine (test suites start and stop their own)</param>
public sealed class CpuMeter(Func<int?> servicePid, Func<int?> postmasterPid)
{
    private const double TickMs = 10;

    /// <param name="Self">this process and its reaped children (a wrk or pgbench run counts once it has ended)</param>
    public readonly record struct Snapshot(long Service, long Postgres, long Self, long MachineBusy, long MachineTotal)
    {
        public static Snapshot operator -(Snapshot a, Snapshot b) =>
            new(a.Service - b.Service, a.Postgres - b.Postgres, a.Self - b.Self, a.MachineBusy - b.MachineBusy, a.MachineTotal - b.MachineTotal);

        public static Snapshot operator +(Snapshot a, Snapshot b) =>
            new(a.Service + b.Service, a.Postgres + b.Postgres, a.Self + b.Self, a.MachineBusy + b.MachineBusy, a.MachineTotal + b.MachineTotal);
    }

    public Snapshot Take()
    {
        var machine = Machine();
        return new Snapshot(
            servicePid() is { } pid ? ProcessTicks(pid) ?? 0 : 0,
            PostgresTicks(postmasterPid()),
            (ProcessTicks(Environment.ProcessId) ?? 0) + ChildrenTicks(),
            machine.Busy,
            machine.Total);
    }

    /// <summary>Fills the CPU figures of <paramref name="run"/> from two snapshots around it.</summary>
    public static void Attribute(RunResult run, Snapshot before, Snapshot after)
    {
        if (run.Requests == 0) return;
        run.ServiceCpuMsPerRequest = Math.Round((after.Service - before.Service) * TickMs / run.Requests, 3);
        run.DatabaseCpuMsPerRequest = Math.Round((after.Postgres - before.Postgres) * TickMs / run.Requests, 3);
        run.LoadGeneratorCpuMsPerRequest = Math.Round((after.Self - before.Self) * TickMs / run.Requests, 3);
        var total = after.MachineTotal - before.MachineTotal;
        run.MachineCpuBusyPercent = total > 0 ? Math.Round(100.0 * (after.MachineBusy - before.MachineBusy) / total, 1) : 0;
    }

    /// <summary>utime + stime of one process (fields 14 and 15 of /proc/pid/stat).</summary>
    public static long? ProcessTicks(int pid)
    {
        try
        {
            return Ticks(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// cutime + cstime of this process (fields 16 and 17 of /proc/self/stat): the CPU of its children that have ended
    /// and been waited for. A wrk or pgbench run is reaped before <see cref="ExternalProgram.RunAsync"/> returns.
    /// </summary>
    public static long ChildrenTicks()
    {
        try
        {
            return ChildTicks(File.ReadAllText("/proc/self/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    /// <summary>cutime + cstime (fields 16 and 17 of /proc/pid/stat).</summary>
    private static long ChildTicks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
    }

    private static long Ticks(string stat)
    {
        // The command name (field 2) is in parentheses and may hold spaces: split after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    public static long PostgresTicks(int? postmaster) => PostgresProcesses(postmaster).Sum(p => p.Ticks);

    /// <summary>
    /// (pid, CPU) of the postmaster <paramref name="postmaster"/> and of each of its children alive now. The postmaster's
    /// figure includes its reaped children: a backend that starts and ends between two readings (a pgbench run's
    /// connections) is counted once the postmaster has reaped it. The postmaster is read last, so that a backend reaped
    /// in between is counted (twice for a moment) rather than lost.
    /// </summary>
    public static List<(int Pid, long Ticks)> PostgresProcesses(int? postmaster)
    {
        var found = new List<(int, long)>();
        if (postmaster is not { } parent) return found;
        var parentText = parent.ToString(CultureInfo.InvariantCulture);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]) || name == parentText) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] != parentText) continue;
                found.Add((int.Parse(name, CultureInfo.InvariantCulture), Ticks(stat) + ChildTicks(stat)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
            {
            }
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{parentText}/stat");
            found.Add((parent, Ticks(stat) + ChildTicks(stat)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
        }

        return found;
    }

    /// <summary>The postmaster's pid: the first line of postmaster.pid in the data directory, while the server runs.</summary>
    public static int? PostmasterPid(string dataDirectory)
    {
        try
        {
            var first = File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static (long Busy, long Total) Machine()
    {
        try
        {
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var idle = cpu[3] + (cpu.Length > 4 ? cpu[4] : 0);
            var total = cpu.Take(8).Sum();
            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return (0, 0);
        }
    }
}

/// <summary>
/// CPU of our PostgreSQL server's processes over a period, including backends that start and end within it (a command's
/// connections close when it exits): polls every 100 ms and sums, per process, its last reading minus its first
/// (zero for processes born during the period).
/// </summary>
public sealed class PostgresCpuTracker : IAsyncDisposable
{
    private readonly Dictionary<int, (long First, long Last)> _processes = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private readonly int? _postmaster;

    public PostgresCpuTracker(int? postmaster)
    {
        _postmaster = postmaster;
        foreach (var (pid, ticks) in CpuMeter.PostgresProcesses(postmaster)) _processes[pid] = (ticks, ticks);
        _loop = Task.Run(LoopAsync);
    }

    public double Seconds
    {
        get
        {
            lock (_processes) return _processes.Values.Sum(p => p.Last - p.First) / 100.0;
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Poll();
            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void Poll()
    {
        var now = CpuMeter.PostgresProcesses(_postmaster);
        lock (_processes)
        {
            foreach (var (pid, ticks) in now)
                _processes[pid] = _processes.TryGetValue(pid, out var seen) ? (seen.First, Math.Max(seen.Last, ticks)) : (0, ticks);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Poll();
        _stop.Dispose();
    }
}
