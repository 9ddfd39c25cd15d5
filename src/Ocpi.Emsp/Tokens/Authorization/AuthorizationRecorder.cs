using System.Threading.Channels;
using Ocpi.Emsp.Audit;
using Ocpi.Emsp.Storage;

namespace Ocpi.Emsp.Tokens;

/// <summary>
/// Stores authorization decisions as events (stream authorization:{reference}), written behind the answer: a driver is
/// waiting, so the answer goes out as soon as the decision is handed over, and writers store whatever has accumulated
/// in one transaction (<see cref="DecisionWriter"/>), normally within a few milliseconds. Handing a decision over never
/// waits, whatever the database does:
/// <list type="bullet">
/// <item>Up to <see cref="Capacity"/> decisions (Emsp:Authorization:DecisionBuffer, default 5,000) wait in memory.</item>
/// <item>When the buffer is full (the database down or too slow), decisions are appended to a pending file in
/// Emsp:Authorization:SpillDirectory (<see cref="DecisionSpill"/>), and keep going there until the buffer is stored and
/// the files are stored after it, in the order they were written; then the buffer takes over again. Files left by a
/// previous run are stored first, before the decisions of this run. A stored file is deleted; the decisions of a file
/// are looked up before they are stored, so a file stored in part (a crash) is not stored twice.</item>
/// <item>Decisions the database refuses (not "unreachable": a schema or constraint error) are set aside in a file with
/// the error, logged as an error, and the writers move on; <c>decisions replay</c> stores them once the cause is fixed.</item>
/// </list>
/// Durability: a graceful shutdown stores the buffer, or, when the database cannot be reached, leaves it in a pending
/// file for the next start. A crash of the process loses the buffer (at most <see cref="Capacity"/> decisions answered in
/// the last moments), not the files; a crash of the machine can lose what the operating system had not yet written, and
/// the commits do not wait for the WAL flush either. Partner pushes are different: stored, fully durable, before we answer.
/// </summary>
public sealed class AuthorizationRecorder : BackgroundService
{
    public const string BufferKey = "Emsp:Authorization:DecisionBuffer";
    public const string SpillDirectoryKey = "Emsp:Authorization:SpillDirectory";
    private const int DefaultCapacity = 5_000;
    private const int MaxBatch = 500;
    /// <summary>
    /// A writer that wakes for a decision waits this long for more before it stores them: at a few thousand decisions
    /// per second, one transaction of dozens costs the database far less per decision than one of a few, and wakes the
    /// service and the database far less often. A decision is answered before it is stored, so nobody waits for this.
    /// </summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(3);
    /// <summary>Files are stored in larger transactions: they can hold a whole outage's decisions.</summary>
    private const int FileBatch = 1_000;
    private const int Writers = 2;
    private static readonly TimeSpan BufferPoll = TimeSpan.FromMilliseconds(100);

    private readonly Channel<PendingDecision> _pending;
    private readonly DecisionSpill _spill;
    private readonly DecisionWriter _writer;
    private readonly ILogger<AuthorizationRecorder> _log;
    private readonly Lock _spillGate = new();
    private readonly SemaphoreSlim _spillStarted = new(0);
    private readonly SemaphoreSlim _storingFiles = new(1, 1);
    private volatile bool _spilling;
    private int _writing;

    public AuthorizationRecorder(DirectEventStore direct, AuthorizationDecisionConnections connections, IConfiguration configuration,
        ILogger<AuthorizationRecorder> log)
    {
        Capacity = configuration.GetValue(BufferKey, DefaultCapacity);
        _spill = new DecisionSpill(configuration[SpillDirectoryKey] is { Length: > 0 } directory ? directory
            : DecisionSpill.DefaultDirectory(connections.Database));
        _writer = new DecisionWriter(direct, connections, _spill, log);
        _log = log;
        _pending = Channel.CreateBounded<PendingDecision>(new BoundedChannelOptions(Capacity) { SingleReader = false });
        _spilling = _spill.HasPending;
    }

    public int Capacity { get; }

    public string SpillDirectory => _spill.DirectoryPath;

    /// <summary>Hands the decision over; never waits (see the class summary for where it goes).</summary>
    public ValueTask RecordAsync(AuthorizationDecided decision, HttpContext http, string partnerId)
    {
        Record(new PendingDecision(decision, EventMetadata.OcpiStamp(http, partnerId)));
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Stores the set-aside decisions (after their cause was fixed) and any pending file; returns false if the database
    /// could not be reached before <paramref name="ct"/>. Decisions refused again are set aside again.
    /// </summary>
    public async Task<bool> ReplayAsync(CancellationToken ct)
    {
        _spill.TakeSetAsideFiles();
        return await StoreFilesAsync(ct);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(Enumerable.Range(0, Writers)
            .Select(_ => Task.Run(() => WriteUntilCompletedAsync(stoppingToken), CancellationToken.None))
            .Append(Task.Run(() => StoreSpilledUntilStoppedAsync(stoppingToken), CancellationToken.None)));
        lock (_spillGate) _spill.Close();
    }

    private void Record(PendingDecision pending)
    {
        if (!_spilling && _pending.Writer.TryWrite(pending)) return;
        lock (_spillGate)
        {
            if (!_spilling && _pending.Writer.TryWrite(pending)) return;
            if (!_spilling)
            {
                _spilling = true;
                _spillStarted.Release();
                _log.LogWarning("{Capacity} authorization decisions wait for the database: new ones are written to {Directory} " +
                    "until they are stored", Capacity, _spill.DirectoryPath);
            }
            try
            {
                _spill.Append(pending);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.LogError(e, "Authorization decision {Reference} could not be written to {Directory} and is lost",
                    pending.Decision.Reference, _spill.DirectoryPath);
            }
        }
    }

    /// <summary>Writers run until the buffer is completed and drained, so decisions accepted before a shutdown are kept.</summary>
    private async Task WriteUntilCompletedAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingDecision>(MaxBatch);
        var unreachable = false;
        while (await _pending.Reader.WaitToReadAsync(CancellationToken.None))
        {
            if (_pending.Reader.Count < MaxBatch) await Task.Delay(Linger, CancellationToken.None);
            batch.Clear();
            Interlocked.Increment(ref _writing);
            try
            {
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next)) batch.Add(next);
                // The other writer, woken by the same decisions, may have taken them all while this one waited.
                if (batch.Count == 0) continue;
                // Shutting down without a database: what is left goes to a pending file for the next start.
                unreachable = unreachable || !await _writer.StoreAsync(batch, mayBeStored: false, stoppingToken);
                if (unreachable)
                    lock (_spillGate)
                        foreach (var pending in batch) _spill.Append(pending);
            }
            finally
            {
                Interlocked.Decrement(ref _writing);
            }
        }
    }

    /// <summary>
    /// Stores the pending files once the buffer is stored (they hold later decisions), then hands back to the buffer when
    /// nothing was written to a file since.
    /// </summary>
    private async Task StoreSpilledUntilStoppedAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (!_spilling)
                {
                    await _spillStarted.WaitAsync(stopping);
                    continue;
                }
                if (_pending.Reader.Count > 0 || Volatile.Read(ref _writing) > 0)
                {
                    await Task.Delay(BufferPoll, stopping);
                    continue;
                }
                lock (_spillGate) _spill.Close();
                if (!await StoreFilesAsync(stopping)) return;
                lock (_spillGate)
                {
                    if (_spill.IsWriting) continue;
                    _spilling = false;
                    _log.LogInformation("Authorization decisions written to {Directory} are stored", _spill.DirectoryPath);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> StoreFilesAsync(CancellationToken ct)
    {
        await _storingFiles.WaitAsync(ct);
        try
        {
            IReadOnlyList<string> files;
            lock (_spillGate) files = _spill.ClosedPendingFiles();
            foreach (var file in files)
            {
                await foreach (var batch in DecisionSpill.ReadAsync(file, FileBatch, _log))
                    if (!await _writer.StoreAsync(batch, mayBeStored: true, ct)) return false;
                DecisionSpill.Delete(file);
            }
            return true;
        }
        finally
        {
            _storingFiles.Release();
        }
    }
}
