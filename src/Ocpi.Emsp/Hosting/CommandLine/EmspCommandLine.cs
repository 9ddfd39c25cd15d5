using JasperFx;
using Ocpi.Emsp.Audit.Chain;
using Ocpi.Emsp.Audit.Export;
using Ocpi.Emsp.Hosting.EmbeddedPostgres;
using Ocpi.Emsp.Internal;
using Ocpi.Emsp.Rebuild;
using Ocpi.Emsp.Tokens;

namespace Ocpi.Emsp.Hosting.CommandLine;

/// <summary>
/// Runs the service or one operational command. Without arguments, or when the first one starts with <c>-</c>, the
/// arguments are configuration (<c>--Emsp:PartyId ABC</c>) and the service runs. Otherwise the first words name a
/// command: ours (<see cref="Commands"/>) or JasperFx's (<c>projections</c>, <c>db-apply</c>, ...). Configuration pairs
/// (<c>--Section:Key value</c> or <c>--Section:Key=value</c>, a key with a colon) may follow any command: they are taken out
/// before the command reads its options. An embedded PostgreSQL server the command started is stopped when it ends,
/// whether it succeeded, failed to parse its arguments or threw; <c>help</c> does not start one at all.
/// </summary>
public static class EmspCommandLine
{
    /// <summary>Our commands, one line each in <c>help</c>.</summary>
    public static readonly IReadOnlyList<(string Usage, string Description)> Commands =
    [
        ("views rebuild [--only View1,View2] [--force]", "rebuild the views from the events (stop the service first)"),
        ("events export [--from T] [--to T] [--partner P] [--type T1,T2] [--stream-prefix S]", "write the events as NDJSON lines to standard output"),
        ("audit verify [--from SEQ] [--to SEQ]", "check the audit hash chain; exit code 1 names the first broken event"),
        ("decisions replay", "store the authorization decisions set aside in this node's spill directory"),
        ("api-key rotate", "generate a new internal API key, print it once; the previous key stops working"),
    ];

    /// <summary>True when the arguments run the service rather than a command.</summary>
    public static bool RunsService(string[] args) => args.Length == 0 || (args[0].StartsWith('-') && !IsHelp(args));

    /// <summary><c>help</c>, <c>?</c>, <c>--help</c>, <c>-h</c>, optionally followed by a command name.</summary>
    public static bool IsHelp(string[] args) => args.Length > 0 && args[0] is "help" or "?" or "--help" or "-h" or "-?";

    /// <summary>
    /// Before anything writes to the console: plain help text unless standard output is a colour terminal, and for
    /// commands whose standard output is data (an export, a key) everything else goes to standard error.
    /// </summary>
    public static void PrepareConsole(string[] args)
    {
        if (EventExportCommand.Matches(args) || ApiKeyRotateCommand.Matches(args)) DataOutput.Reserve();
        PlainConsole.ApplyWhenNotAColourTerminal();
    }

    /// <summary>What the host builder reads as configuration: everything for the service, only the pairs for a command.</summary>
    public static string[] ConfigurationArguments(string[] args) => RunsService(args) ? args : Split(args).Configuration;

    /// <summary>
    /// When <c>help</c> is asked, <c>ConnectionStrings:Marten</c> is set to a server that is never contacted, so that no
    /// embedded server is started only to list commands.
    /// </summary>
    public static void SkipDatabaseForHelp(WebApplicationBuilder builder, string[] args)
    {
        if (IsHelp(args) && string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Marten")))
            builder.Configuration["ConnectionStrings:Marten"] = "Host=127.0.0.1;Port=1;Database=not_contacted_by_help";
    }

    /// <summary>Runs the command named by <paramref name="args"/> and returns its exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var command = Split(args).Command;
        try
        {
            if (IsHelp(command)) return await HelpAsync(app, command);
            if (ViewRebuildCommand.Matches(command)) return await ViewRebuildCommand.RunAsync(app, command);
            if (EventExportCommand.Matches(command)) return await EventExportCommand.RunAsync(app, command);
            if (AuditVerifyCommand.Matches(command)) return await AuditVerifyCommand.RunAsync(app.Services, command, Console.Out, Console.Error);
            if (DecisionReplayCommand.Matches(command)) return await DecisionReplayCommand.RunAsync(app);
            if (ApiKeyRotateCommand.Matches(command)) return await ApiKeyRotateCommand.RunAsync(app.Services, DataOutput.Writer, Console.Error);
            return await app.RunJasperFxCommands(command);
        }
        finally
        {
            if (app.Services.GetService<EmbeddedPostgresServer>() is { StartedHere: true } server) await server.StopAsync();
        }
    }

    private static async Task<int> HelpAsync(WebApplication app, string[] command)
    {
        var ours = Commands.Where(c => command.Length > 1 && c.Usage.StartsWith(command[1] + " ", StringComparison.Ordinal)).ToList();
        if (ours.Count > 0)
        {
            foreach (var (usage, description) in ours) Console.WriteLine($"{usage}{Environment.NewLine}    {description}");
            return 0;
        }

        if (command.Length == 1) WriteCommands(Console.Out);
        return await app.RunJasperFxCommands(["help", .. command.Skip(1)]);
    }

    /// <summary>Our commands, then a word on configuration; JasperFx's own list follows.</summary>
    public static void WriteCommands(TextWriter output)
    {
        output.WriteLine("Usage: Ocpi.Emsp [--Section:Key value ...]            runs the service");
        output.WriteLine("       Ocpi.Emsp <command> [options] [--Section:Key value ...]");
        output.WriteLine();
        output.WriteLine("Ocpi.Emsp commands:");
        var width = Commands.Max(c => c.Usage.IndexOf(" [", StringComparison.Ordinal) is var i and > 0 ? i : c.Usage.Length) + 2;
        foreach (var (usage, description) in Commands)
        {
            var name = usage.IndexOf(" [", StringComparison.Ordinal) is var i and > 0 ? usage[..i] : usage;
            output.WriteLine($"  {name.PadRight(width)}{description}");
        }

        output.WriteLine("  (`help <command>` shows a command's options)");
        output.WriteLine();
        output.WriteLine("Configuration: --Emsp:PartyId ABC or --Emsp:PartyId=ABC after the command, environment (Emsp__PartyId=ABC),");
        output.WriteLine("appsettings.json. Without ConnectionStrings:Marten a command uses the embedded PostgreSQL and stops it when done.");
        output.WriteLine();
        output.WriteLine("JasperFx commands (Marten, Wolverine):");
    }

    /// <summary>Separates configuration pairs (a <c>--</c> key holding a colon) from the command's own words.</summary>
    private static (string[] Command, string[] Configuration) Split(string[] args)
    {
        var command = new List<string>();
        var configuration = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var isPair = arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf(':') is > 2 and var colon
                         && (arg.IndexOf('=') is var equals && (equals < 0 || colon < equals));
            if (!isPair)
            {
                command.Add(arg);
                continue;
            }

            configuration.Add(arg);
            if (!arg.Contains('=') && i + 1 < args.Length) configuration.Add(args[++i]);
        }

        return ([.. command], [.. configuration]);
    }
}
