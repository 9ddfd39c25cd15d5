using Ocpi.CpoSimulator.DayScript;
using Spectre.Console;

namespace Ocpi.CpoSimulator.Tool;

/// <summary>
/// The tool's output. On an interactive terminal with ANSI support the day is a Spectre.Console progress bar with the
/// simulated clock; otherwise (redirected output, dumb terminal, a test) plain lines: one per tenth of the day, one
/// per refusal. Text from outside (ids, messages) is never interpreted as markup.
/// </summary>
public sealed class ConsoleProgress(TextWriter output, bool fancy, TimeZoneInfo zone) : IDayProgress
{
    private readonly List<Refusal> _refusalsDuringBar = [];
    private ProgressTask? _bar;
    private int _lastTenth = -1;

    /// <summary>The console: fancy when stdout is a terminal that understands ANSI and is interactive.</summary>
    public static ConsoleProgress ForConsole(TimeZoneInfo zone) =>
        new(Console.Out, !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities is { Ansi: true, Interactive: true }, zone);

    /// <summary>A line as is: never wrapped by us (commands printed must stay copy-pasteable), never read as markup.</summary>
    public void Line(string text) => output.WriteLine(text);

    public async Task<DayReport> TrackAsync(Func<IDayProgress, Task<DayReport>> play)
    {
        if (!fancy) return await play(this);
        var report = await AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                _bar = context.AddTask("Simulated day", maxValue: 1);
                var result = await play(this);
                _bar.Value = _bar.MaxValue;
                return result;
            });
        _bar = null;
        foreach (var refusal in _refusalsDuringBar) Refused(refusal);
        return report;
    }

    public void StepDone(DayStep step, int done, int total)
    {
        var clock = TimeZoneInfo.ConvertTime(step.At, zone).ToString("HH:mm");
        if (_bar is { } bar)
        {
            bar.MaxValue = total;
            bar.Value = done;
            bar.Description = Markup.Escape($"{clock} {Shorten(step.Describe(), 48)}");
            return;
        }
        var tenth = done * 10 / total;
        if (tenth == _lastTenth) return;
        _lastTenth = tenth;
        output.WriteLine($"[{clock}] {done * 100 / total,3}% ({done}/{total}) {step.Describe()}");
    }

    public void Refused(Refusal refusal)
    {
        if (_bar is not null) _refusalsDuringBar.Add(refusal);
        else if (fancy) AnsiConsole.MarkupLine($"[red]REFUSED[/] {Markup.Escape(refusal.ToString())}");
        else output.WriteLine($"REFUSED {refusal}");
    }

    public void Note(string message)
    {
        if (fancy) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(message)}[/]");
        else output.WriteLine(message);
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text.PadRight(max) : text[..(max - 1)] + "…";
}
