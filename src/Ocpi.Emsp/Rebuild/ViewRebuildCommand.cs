using System.Diagnostics;
using Marten;
using Ocpi.Emsp.Hosting.CommandLine;

namespace Ocpi.Emsp.Rebuild;

/// <summary>
/// <c>views rebuild [--only SessionView,CdrView] [--force]</c>: rebuilds the views from the events with
/// <see cref="ViewRebuilder"/> and prints what each took; progress on standard error (<see cref="CommandProgress"/>). Run it while the service is stopped: it refuses to run while
/// service nodes are connected to the database, unless forced.
/// </summary>
public static class ViewRebuildCommand
{
    public static bool Matches(string[] args) => args is ["views", "rebuild", ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var rebuilder = new ViewRebuilder(app.Services.GetRequiredService<IDocumentStore>());
        Console.WriteLine($"Rebuilding {(only is null ? string.Join(", ", rebuilder.ViewNames) : string.Join(", ", only))}");
        var clock = Stopwatch.StartNew();
        try
        {
            var progress = CommandProgress.Start("events read", 0);
            var results = await rebuilder.RebuildAsync(only, CancellationToken.None, force: args.Contains("--force"), progress);
            progress.Done("Events read");
            foreach (var result in results)
                Console.WriteLine(result.Documents < 0
                    ? $"  {result.Name}: rebuilt by the daemon up to event {result.Events:N0} in {result.Elapsed.TotalSeconds:0.0} s"
                    : $"  {result.Name}: {result.Documents:N0} documents from {result.Events:N0} events in {result.Elapsed.TotalSeconds:0.0} s");
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or ServiceNodesConnectedException
                                      or Storage.MartenSchemaMismatchException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        Console.WriteLine($"Views rebuilt in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }
}
