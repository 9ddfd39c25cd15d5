using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;

namespace Ocpi.Emsp.Ocpi;

/// <summary>
/// Parses request bodies above <see cref="Threshold"/> one at a time, on one thread of its own. Why: System.Text.Json
/// builds a document in arrays rented from the shared array pool (about 12 bytes per JSON value: a dense 3 MiB body
/// takes 22 MB), and the pool keeps one array of each size for every thread that returned one. Parsed on request
/// threads, a burst of 50 large bodies left the thread pool's threads holding gigabytes after every answer; on one
/// thread, a burst keeps one set (at most tens of MB), one parse at a time bounds what the burst takes meanwhile, and
/// the thread ends when large bodies stop coming, releasing its set (<see cref="LargeBodyMemoryRelease"/> then collects).
/// </summary>
internal static class LargeBodyParser
{
    /// <summary>
    /// Bodies above this size take this way. Partner pushes are mostly a few kB (a Session, an EVSE status); a large
    /// Location or CDR waiting for another large body costs little, and below it what a thread keeps stays small.
    /// </summary>
    public const int Threshold = 64 * 1024;

    /// <summary>How long the thread waits for the next large body before it ends (and its pooled arrays with it).</summary>
    public static readonly TimeSpan IdleEnd = TimeSpan.FromSeconds(2);

    private static readonly BlockingCollection<Work> Queue = [];
    private static readonly Lock Gate = new();
    private static bool _running;
    private static long _parsed;

    /// <summary>Large bodies parsed since the start.</summary>
    public static long Parsed => Interlocked.Read(ref _parsed);

    /// <summary>Whether the thread runs (it ends when no large body came for <see cref="IdleEnd"/>).</summary>
    public static bool Running
    {
        get
        {
            lock (Gate) return _running;
        }
    }

    public static Task<(JsonElement? Document, IResult? Failure)> ParseAsync(ReadOnlySequence<byte> body)
    {
        var work = new Work(body);
        Queue.Add(work);
        lock (Gate)
        {
            if (!_running)
            {
                _running = true;
                new Thread(Run) { IsBackground = true, Name = "Large request bodies" }.Start();
            }
        }
        return work.Done.Task;
    }

    private static void Run()
    {
        while (true)
        {
            if (!Queue.TryTake(out var work, IdleEnd))
            {
                lock (Gate)
                {
                    if (Queue.Count > 0) continue;
                    _running = false;
                    return;
                }
            }
            try
            {
                work.Done.SetResult(OcpiBody.Parse(work.Body));
            }
            catch (Exception e)
            {
                work.Done.SetException(e);
            }
            Interlocked.Increment(ref _parsed);
        }
    }

    private sealed record Work(ReadOnlySequence<byte> Body)
    {
        public TaskCompletionSource<(JsonElement? Document, IResult? Failure)> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
