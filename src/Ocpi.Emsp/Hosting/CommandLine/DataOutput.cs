namespace Ocpi.Emsp.Hosting.CommandLine;

/// <summary>
/// Standard output kept for a command's data (export lines, a new key) while logs and messages, which the console
/// writers send to <see cref="Console.Out"/>, go to standard error: <c>command &gt; file</c> then holds the data alone.
/// </summary>
public static class DataOutput
{
    private static Stream? _stream;
    private static TextWriter? _writer;

    /// <summary>Takes standard output for data; call it before anything writes to the console.</summary>
    public static void Reserve()
    {
        _stream = Console.OpenStandardOutput();
        Console.SetOut(Console.Error);
    }

    /// <summary>Standard output as a stream (the reserved one, or a fresh handle when nothing was reserved).</summary>
    public static Stream Stream => _stream ??= Console.OpenStandardOutput();

    /// <summary>Standard output for text, flushed at every write.</summary>
    public static TextWriter Writer => _writer ??= new StreamWriter(Stream, leaveOpen: true) { AutoFlush = true };
}
