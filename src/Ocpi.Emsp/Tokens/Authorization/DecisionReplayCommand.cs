namespace Ocpi.Emsp.Tokens;

/// <summary>
/// <c>decisions replay</c>: stores the authorization decisions of this node's spill directory (Emsp:Authorization:SpillDirectory):
/// the ones set aside because the database refused them (run it once the cause is fixed) and any pending file a stopped
/// node left. Decisions already stored are skipped; decisions refused again are set aside again.
/// </summary>
public static class DecisionReplayCommand
{
    public static bool Matches(string[] args) => args is ["decisions", "replay", ..];

    public static async Task<int> RunAsync(WebApplication app)
    {
        var recorder = app.Services.GetRequiredService<AuthorizationRecorder>();
        Console.WriteLine($"Storing the authorization decisions in {recorder.SpillDirectory}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        if (!await recorder.ReplayAsync(timeout.Token))
        {
            Console.Error.WriteLine("The database could not be reached; the decisions stay in their files");
            return 1;
        }
        Console.WriteLine("Done; see the log for decisions set aside again");
        return 0;
    }
}
