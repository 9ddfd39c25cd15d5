using System.Buffers;

namespace Ocpi.Emsp.Ocpi;

/// <summary>
/// A request body held in pooled chunks of <see cref="ChunkBytes"/> while it is parsed, and given back when disposed.
/// Why chunks: memory grows only as bytes arrive (an announced Content-Length reserves nothing), no chunk lands on the
/// large object heap, and the shared pool keeps only a few small arrays afterwards; one array per body sized by the
/// body would sit in the pool's per-thread caches, or on the large object heap until a full collection, long after the
/// answer (measured: 50 concurrent 3 MiB bodies left the service at several times its resting memory).
/// </summary>
internal sealed class RequestBodyBuffer : IDisposable
{
    public const int ChunkBytes = 64 * 1024;

    private readonly List<byte[]> _chunks = [];
    private int _lastFilled;

    public long Length { get; private set; }

    /// <summary>Reads the body to its end; false (and the body left unread) as soon as it exceeds <paramref name="maxBytes"/>.</summary>
    public static async Task<(RequestBodyBuffer? Body, bool TooLarge)> ReadAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        var buffer = new RequestBodyBuffer();
        try
        {
            while (true)
            {
                if (buffer._chunks.Count == 0 || buffer._lastFilled == ChunkBytes)
                {
                    buffer._chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkBytes));
                    buffer._lastFilled = 0;
                }
                var chunk = buffer._chunks[^1];
                var read = await body.ReadAsync(chunk.AsMemory(buffer._lastFilled, ChunkBytes - buffer._lastFilled), ct);
                if (read == 0) return (buffer, false);
                buffer._lastFilled += read;
                buffer.Length += read;
                if (buffer.Length > maxBytes)
                {
                    buffer.Dispose();
                    return (null, true);
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>The bytes read, valid until <see cref="Dispose"/>.</summary>
    public ReadOnlySequence<byte> AsSequence()
    {
        if (_chunks.Count == 0) return ReadOnlySequence<byte>.Empty;
        if (_chunks.Count == 1) return new ReadOnlySequence<byte>(_chunks[0], 0, _lastFilled);
        var first = new Segment(_chunks[0], ChunkBytes, 0);
        var last = first;
        for (var i = 1; i < _chunks.Count; i++)
            last = last.Append(_chunks[i], i == _chunks.Count - 1 ? _lastFilled : ChunkBytes);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    public bool IsWhitespace()
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            var filled = _chunks[i].AsSpan(0, i == _chunks.Count - 1 ? _lastFilled : ChunkBytes);
            if (filled.IndexOfAnyExcept(" \t\r\n"u8) >= 0) return false;
        }
        return true;
    }

    public void Dispose()
    {
        foreach (var chunk in _chunks) ArrayPool<byte>.Shared.Return(chunk);
        _chunks.Clear();
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] array, int length, long runningIndex)
        {
            Memory = array.AsMemory(0, length);
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] array, int length)
        {
            var next = new Segment(array, length, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
