using Spectre.Console;

namespace Ocpi.Emsp.Hosting.CommandLine;

/// <summary>
/// JasperFx writes its help and results through Spectre.Console. Where standard output is not a colour terminal
/// (redirected, <c>NO_COLOR</c> set, <c>TERM=dumb</c>) it writes plain text: no colour codes, no markup, no wrapping
/// of long lines at 80 columns.
/// </summary>
public static class PlainConsole
{
    public static bool IsWanted =>
        Console.IsOutputRedirected
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        || Environment.GetEnvironmentVariable("TERM") is "dumb";

    public static void ApplyWhenNotAColourTerminal()
    {
        if (!IsWanted) return;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        AnsiConsole.Profile.Width = 120;
    }
}
