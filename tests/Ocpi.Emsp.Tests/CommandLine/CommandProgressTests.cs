using Ocpi.Emsp.Hosting.CommandLine;

namespace Ocpi.Emsp.Tests.CommandLine;

/// <summary>Progress of long commands: a redrawn bar on a terminal, whole lines for a log file.</summary>
public sealed class CommandProgressTests
{
    [Fact]
    public void without_a_terminal_progress_is_whole_lines_with_no_carriage_return_or_bar()
    {
        var errors = new StringWriter();
        var progress = CommandProgress.Start("events", 0, errors, terminal: false);
        progress.AddToTotal(3);

        progress.Add(2);
        progress.Add(1);
        progress.Done("3 events exported");

        errors.ToString().ShouldNotContain("\r");
        errors.ToString().ShouldNotContain("[#");
        errors.ToString().ShouldStartWith("3 events exported in ");
    }

    [Fact]
    public void on_a_terminal_progress_is_a_bar_redrawn_in_place_and_ends_at_the_total()
    {
        var errors = new StringWriter();
        var progress = CommandProgress.Start("events", 4, errors, terminal: true);

        progress.Report(4);
        progress.Done("4 events exported");

        var text = errors.ToString();
        text.ShouldStartWith("\r[");
        text.ShouldContain("4/4 events");
        text.ShouldContain("4 events exported in ");
    }
}
