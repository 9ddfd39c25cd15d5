using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ocpi.Emsp.Audit;

namespace Ocpi.Emsp.Tokens;

/// <summary>A decision handed over for storage, with the metadata of the request that caused it.</summary>
internal sealed record PendingDecision(AuthorizationDecided Decision, EventStamp Stamp);

/// <summary>
/// Append-only NDJSON files of decisions that are not in the database, one decision (its event and metadata) a line:
/// <list type="bullet">
/// <item><c>pending-*.ndjson</c>: decisions that arrived while the buffer was full (the database down or slow), or that
/// a shutdown could not store. They are stored automatically, oldest file first, when the database is back or at the
/// next start; a file is deleted once all of it is stored.</item>
/// <item><c>set-aside-*.ndjson</c>: decisions the database keeps refusing (a schema or constraint error), with the
/// error. They wait for an operator to fix the cause and run <c>decisions replay</c>.</item>
/// </list>
/// A line is handed to the operating system before the request is answered, but not flushed to the disk: it survives a
/// crash of the process, not of the machine (as the decisions' commits, which do not wait for the WAL flush either).
/// </summary>
internal sealed class DecisionSpill
{
    private const string PendingPrefix = "pending-";
    private const string SetAsidePrefix = "set-aside-";
    private const string Extension = ".ndjson";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _setAsideGate = new();
    private FileStream? _writing;
    private string? _writingPath;
    private long _files;

    /// <param name="directory">Created when the first decision is written to it.</param>
    public DecisionSpill(string directory) => DirectoryPath = directory;

    /// <summary>
    /// One directory per database under the temporary directory, so a file is only ever stored into the database its
    /// decisions were meant for.
    /// </summary>
    public static string DefaultDirectory(string database) => Path.Combine(Path.GetTempPath(), "ocpi-emsp", "decisions",
        string.Concat(database.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_')));

    public string DirectoryPath { get; }

    /// <summary>True while a pending file is open for appending (callers serialise <see cref="Append"/> and <see cref="Close"/>).</summary>
    public bool IsWriting => _writing is not null;

    public bool HasPending => Files(PendingPrefix).Count > 0;

    /// <summary>Appends to the pending file being written, opening a new one if none is.</summary>
    public void Append(PendingDecision pending)
    {
        if (_writing is null)
        {
            Directory.CreateDirectory(DirectoryPath);
            _writingPath = NewPath(PendingPrefix);
            _writing = new FileStream(_writingPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        }
        _writing.Write(Line(pending, null));
        _writing.Flush();
    }

    /// <summary>Closes the pending file being written, so it can be stored; the next decision opens a new one.</summary>
    public void Close()
    {
        _writing?.Dispose();
        _writing = null;
        _writingPath = null;
    }

    /// <summary>Pending files no longer written to, oldest first.</summary>
    public IReadOnlyList<string> ClosedPendingFiles() => Files(PendingPrefix).Where(f => f != _writingPath).ToList();

    /// <summary>Moves the set-aside files out of the way of new ones and returns them, oldest first, for a replay.</summary>
    public IReadOnlyList<string> TakeSetAsideFiles()
    {
        lock (_setAsideGate)
        {
            return Files(SetAsidePrefix).Select(f =>
            {
                var taken = NewPath(PendingPrefix);
                File.Move(f, taken);
                return taken;
            }).ToList();
        }
    }

    /// <summary>Appends decisions the database refuses, with the error; returns the file.</summary>
    public string SetAside(IEnumerable<PendingDecision> decisions, Exception error)
    {
        lock (_setAsideGate)
        {
            Directory.CreateDirectory(DirectoryPath);
            var path = Path.Combine(DirectoryPath, $"{SetAsidePrefix}{DateTime.UtcNow:yyyyMMdd}{Extension}");
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            foreach (var pending in decisions) file.Write(Line(pending, error));
            return path;
        }
    }

    /// <summary>The decisions of a file in batches; a line that cannot be read (cut short by a crash) is reported and skipped.</summary>
    public static async IAsyncEnumerable<List<PendingDecision>> ReadAsync(string path, int batchSize, ILogger log)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var batch = new List<PendingDecision>(batchSize);
        var number = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            number++;
            if (line.Length == 0) continue;
            try
            {
                var spilled = JsonSerializer.Deserialize<SpilledDecision>(line, Json)!;
                var headers = spilled.Headers.Select(h => new KeyValuePair<string, object>(h.Key, h.Value)).ToList();
                batch.Add(new PendingDecision(spilled.Decision, new EventStamp(spilled.CorrelationId, spilled.CausationId, headers)));
            }
            catch (JsonException e)
            {
                log.LogError("Line {Line} of {File} is not a decision and is skipped: {Error}", number, path, e.Message);
            }
            if (batch.Count < batchSize) continue;
            yield return batch;
            batch = new List<PendingDecision>(batchSize);
        }
        if (batch.Count > 0) yield return batch;
    }

    public static void Delete(string path) => File.Delete(path);

    private static byte[] Line(PendingDecision pending, Exception? error)
    {
        var spilled = new SpilledDecision(pending.Decision, pending.Stamp.CorrelationId, pending.Stamp.CausationId,
            pending.Stamp.Headers.ToDictionary(h => h.Key, h => Convert.ToString(h.Value) ?? ""), DateTimeOffset.UtcNow,
            (error as Npgsql.PostgresException)?.SqlState, error?.Message);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(spilled, Json);
        return [.. bytes, (byte)'\n'];
    }

    /// <summary>Names sort by creation: the time, then a counter within this process.</summary>
    private string NewPath(string prefix) =>
        Path.Combine(DirectoryPath, $"{prefix}{DateTime.UtcNow:yyyyMMdd'T'HHmmssfffffff}-{Interlocked.Increment(ref _files):D6}{Extension}");

    private List<string> Files(string prefix) => Directory.Exists(DirectoryPath)
        ? Directory.EnumerateFiles(DirectoryPath, prefix + "*" + Extension).Order(StringComparer.Ordinal).ToList()
        : [];

    private sealed record SpilledDecision(AuthorizationDecided Decision, string CorrelationId, string CausationId,
        Dictionary<string, string> Headers, DateTimeOffset WrittenAt, string? SqlState, string? Error);
}
