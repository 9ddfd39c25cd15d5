namespace Ocpi.Emsp.Ocpi.Receivers;

/// <summary>
/// Which writes of a group commit are decided as new without loading their view first, saving the batch's load round
/// trip when every write in it creates an object (new Sessions, new CDRs). A write qualifies when it creates its object
/// when absent (<see cref="StreamWrite.CreatesWhenAbsent"/>), was never sent back to be decided again, its stream is not
/// one this node has recently written or found stored, and the last <see cref="Streak"/> loads of such writes of its
/// kind all found nothing.
///
/// The database checks every guess: a stream that exists after all violates mt_streams' primary key, the first
/// statement of the batch, so nothing of the batch is stored and no sequence number is taken; its writes are then
/// decided again with their views loaded, as after a conflict with another node (<see cref="GroupCommitTransaction"/>).
/// A wrong guess also stops guessing for that kind until <see cref="Streak"/> loads in a row find nothing again: a CPO
/// sending its objects again after a restart of this node costs one wrong guess, not one per batch.
/// </summary>
internal sealed class NewStreamGuess
{
    /// <summary>Loads in a row, of creating writes to unknown streams of one kind, that must find nothing before guessing.</summary>
    public const int Streak = 16;

    /// <summary>Streams remembered as stored; beyond this many the memory starts again (guessing stays safe, only slower).</summary>
    public const int KnownCapacity = 100_000;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, int> _foundNothing = [];
    private long _unloaded;
    private long _wrong;

    /// <summary>Writes decided without a load since start.</summary>
    public long Unloaded => Interlocked.Read(ref _unloaded);

    /// <summary>Writes decided without a load whose stream existed, decided again with a load.</summary>
    public long Wrong => Interlocked.Read(ref _wrong);

    /// <summary>True when <paramref name="write"/> is to be decided as new without loading its view.</summary>
    public bool SkipsLoad(StreamWrite write)
    {
        if (!write.CreatesWhenAbsent || write.MustLoad || write.BatchAttempts > 0) return false;
        lock (_gate)
        {
            if (_known.Contains(write.StreamKey) || _foundNothing.GetValueOrDefault(write.ViewType) < Streak) return false;
        }
        Interlocked.Increment(ref _unloaded);
        return true;
    }

    /// <summary>A write's view was loaded: <paramref name="found"/> tells whether its stream exists.</summary>
    public void Loaded(StreamWrite write, bool found)
    {
        lock (_gate)
        {
            if (write.CreatesWhenAbsent && !_known.Contains(write.StreamKey))
                _foundNothing[write.ViewType] = found ? 0 : Math.Min(_foundNothing.GetValueOrDefault(write.ViewType) + 1, Streak);
            if (found) Remember(write.StreamKey);
        }
    }

    /// <summary>The writes' events are committed: their streams exist.</summary>
    public void Committed(IEnumerable<StreamWrite> writes)
    {
        lock (_gate)
        {
            foreach (var write in writes) Remember(write.StreamKey);
        }
    }

    /// <summary>
    /// A batch with writes decided without a load was not committed. Whether a guess or another writer was the cause,
    /// those writes are loaded from now on, and their kinds wait for a new streak.
    /// </summary>
    public void NotCommitted(IEnumerable<StreamWrite> writes)
    {
        lock (_gate)
        {
            foreach (var write in writes.Where(w => w.DecidedUnloaded))
            {
                write.MustLoad = true;
                _foundNothing[write.ViewType] = 0;
                Interlocked.Increment(ref _wrong);
            }
        }
    }

    private void Remember(string streamKey)
    {
        if (_known.Count >= KnownCapacity) _known.Clear();
        _known.Add(streamKey);
    }
}
