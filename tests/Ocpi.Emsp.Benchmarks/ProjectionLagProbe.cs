using System.Diagnostics;
using Npgsql;

namespace Ocpi.Emsp.Benchmarks;

/// <summary>
/// Watches an async view that gains one document per CDR while CDRs are POSTed: the per-CPO daily totals (every CDR of
/// the benchmark has its own UTC day, so it creates its own <c>CpoDailyCdrTotals</c> document) or the billing lines (one
/// per CDR). The daemon applies CDR events in sequence order, so once the view holds n documents the first n CDR events
/// (by seq_id) are visible. The probe counts the documents every
/// <c>interval</c> and remembers when each count was first seen; a CDR's lag is the time from its 1000 answer until the
/// first poll that saw its rank.
/// </summary>
public sealed class ProjectionLagProbe : IAsyncDisposable
{
    public const string ViewTable = "emsp.mt_doc_cpodailycdrtotals";
    public const string BillingLineTable = "emsp.mt_doc_billingline";
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _viewTable;
    private readonly TimeSpan _interval;
    private readonly List<(long Timestamp, long Count)> _observations = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProjectionLagProbe(NpgsqlDataSource dataSource, TimeSpan interval, string viewTable = ViewTable)
    {
        _dataSource = dataSource;
        _viewTable = viewTable;
        _interval = interval;
        _loop = Task.Run(LoopAsync);
    }

    public long LastCount
    {
        get
        {
            lock (_observations) return _observations.Count == 0 ? 0 : _observations[^1].Count;
        }
    }

    /// <summary>Start time (Stopwatch ticks) of the first poll that saw at least <paramref name="count"/> documents.</summary>
    public long? FirstSeen(long count)
    {
        lock (_observations)
        {
            var low = 0;
            var high = _observations.Count - 1;
            long? found = null;
            while (low <= high)
            {
                var middle = (low + high) / 2;
                if (_observations[middle].Count >= count)
                {
                    found = _observations[middle].Timestamp;
                    high = middle - 1;
                }
                else
                {
                    low = middle + 1;
                }
            }

            return found;
        }
    }

    /// <summary>Waits until the view holds at least <paramref name="count"/> documents; false on timeout.</summary>
    public async Task<bool> WaitForAsync(long count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (LastCount < count)
        {
            if (Stopwatch.GetTimestamp() > deadline) return false;
            await Task.Delay(50, cancellationToken);
        }

        return true;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await using var command = _dataSource.CreateCommand($"select count(*) from {_viewTable}");
                var count = (long)(await command.ExecuteScalarAsync(_stop.Token))!;
                lock (_observations)
                {
                    // The count only grows (documents are never deleted while the benchmark runs); keep the changes only.
                    if (_observations.Count == 0 || count > _observations[^1].Count) _observations.Add((started, count));
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // The daemon creates the table with its first document.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var wait = _interval - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
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
