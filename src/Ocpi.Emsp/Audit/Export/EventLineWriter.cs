using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace Ocpi.Emsp.Audit.Export;

/// <summary>
/// Writes events to an output as they are read: NDJSON (one event per line) or a JSON array. What is written is handed
/// on every <see cref="FlushBytes"/>, so neither side ever holds more than that plus one event.
/// </summary>
public static class EventLineWriter
{
    public const int FlushBytes = 64 * 1024;

    /// <returns>The number of events written.</returns>
    public static Task<long> WriteNdjsonAsync(PipeWriter output, IAsyncEnumerable<StoredEvent> events, Action<long>? progress,
        CancellationToken ct) =>
        WriteAsync(output, events, progress, array: false, ct);

    public static Task<long> WriteArrayAsync(PipeWriter output, IAsyncEnumerable<StoredEvent> events, CancellationToken ct) =>
        WriteAsync(output, events, null, array: true, ct);

    private static async Task<long> WriteAsync(PipeWriter output, IAsyncEnumerable<StoredEvent> events, Action<long>? progress,
        bool array, CancellationToken ct)
    {
        // The options of AuditEventLine.ToJsonLine: a line is the same text whichever way it is written.
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        long count = 0, pending = 0;
        if (array) pending += Write(output, "["u8);
        await foreach (var e in events.WithCancellation(ct))
        {
            if (array && count > 0) pending += Write(output, ","u8);
            e.Line.WriteTo(json, e.Link);
            json.Flush();
            pending += json.BytesCommitted;
            json.Reset(output);
            if (!array) pending += Write(output, "\n"u8);
            count++;
            if (pending < FlushBytes) continue;
            pending = 0;
            progress?.Invoke(count);
            var flushed = await output.FlushAsync(ct);
            if (flushed.IsCanceled || flushed.IsCompleted) break;
        }
        if (array) Write(output, "]"u8);
        await output.FlushAsync(ct);
        progress?.Invoke(count);
        return count;
    }

    private static int Write(PipeWriter output, ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        return bytes.Length;
    }
}
