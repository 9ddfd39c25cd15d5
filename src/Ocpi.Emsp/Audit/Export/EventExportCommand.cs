using System.IO.Pipelines;
using Marten;
using Ocpi.Emsp.Hosting.CommandLine;
using Ocpi.Emsp.Internal;

namespace Ocpi.Emsp.Audit.Export;

/// <summary>
/// <c>events export [--from T] [--to T] [--partner P] [--type T1,T2] [--stream-prefix S] &gt; events.ndjson</c>: the lines of
/// <c>GET /api/audit/events</c>, written to standard output; progress on standard error (<see cref="CommandProgress"/>).
/// </summary>
public static class EventExportCommand
{
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["--from"] = "from", ["--to"] = "to", ["--partner"] = "partner", ["--type"] = "type", ["--stream-prefix"] = "stream_prefix",
    };

    public static bool Matches(string[] args) => args is ["events", "export", ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            return await ExportAsync(app.Services.GetRequiredService<IDocumentStore>(), args, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("Export cancelled.");
            return 130;
        }
    }

    private static async Task<int> ExportAsync(IDocumentStore store, string[] args, CancellationToken ct)
    {
        var values = new Dictionary<string, string>();
        for (var i = 2; i < args.Length; i++)
        {
            if (!Options.TryGetValue(args[i], out var name) || i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"Unknown option or missing value: {args[i]}. Options: {string.Join(", ", Options.Keys)} (each with a value)");
                return 2;
            }
            values[name] = args[++i];
        }
        var check = new QueryCheck();
        var filter = EventFilter.Parse(check, new EventFilterParameters
        {
            From = values.GetValueOrDefault("from"), To = values.GetValueOrDefault("to"), Partner = values.GetValueOrDefault("partner"),
            Type = values.GetValueOrDefault("type"), StreamPrefix = values.GetValueOrDefault("stream_prefix"),
        }, store);
        if (check.Problem is { ProblemDetails.Errors: var errors })
        {
            foreach (var (name, messages) in errors)
                Console.Error.WriteLine($"--{name.Replace('_', '-')}: {string.Join("; ", messages)}");
            return 2;
        }

        var events = new StoredEvents(store);
        var progress = CommandProgress.Start("events", await events.CountAsync(filter, ct));
        var output = PipeWriter.Create(DataOutput.Stream, new StreamPipeWriterOptions(leaveOpen: true));
        var written = await EventLineWriter.WriteNdjsonAsync(output, events.ReadAsync(filter, ct), progress.Report, ct);
        await output.CompleteAsync();
        progress.Done($"{written:N0} events exported");
        return 0;
    }
}
