using System.Text.RegularExpressions;
using Ocpi.Emsp.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Ocpi.Emsp.Tests.CommandLine;

/// <summary>
/// The built service run with a command, its output redirected as in a script: help lists every command in plain text,
/// and no command leaves behind an embedded PostgreSQL server it started.
/// </summary>
public sealed partial class CommandLineTests
{
    [Fact]
    public async Task help_lists_every_command_in_plain_text_and_starts_no_database()
    {
        var dataDirectory = Path.Combine(TestPostgres.CreateScratchDirectory("cli-help"), "pgdata");

        var run = await CommandProcess.RunAsync(dataDirectory, "help");

        run.ExitCode.ShouldBe(0, run.ToString());
        foreach (var command in new[] { "views rebuild", "events export", "audit verify", "decisions replay", "api-key rotate", "projections", "db-apply", "event-query" })
            run.Output.ShouldContain(command, customMessage: run.ToString());
        ShouldBePlain(run.Output);
        Directory.Exists(dataDirectory).ShouldBeFalse("help starts no database");
        CommandProcess.PostgresRunsOn(dataDirectory).ShouldBeFalse();
    }

    [Fact]
    public async Task a_failed_argument_parse_exits_non_zero_and_stops_the_database_it_started()
    {
        var dataDirectory = Path.Combine(TestPostgres.CreateScratchDirectory("cli-bad"), "pgdata");

        var run = await CommandProcess.RunAsync(dataDirectory, "projections", "--bogus", "--Emsp:PartyId", "ABC");

        run.ExitCode.ShouldNotBe(0, run.ToString());
        run.Output.ShouldContain("Embedded PostgreSQL ready", customMessage: "the command started its database");
        run.Output.ShouldContain("--bogus");
        run.Output.ShouldNotContain("Emsp:PartyId", customMessage: "configuration pairs are not the command's arguments");
        run.Output.ShouldContain("stopped");
        ShouldBePlain(run.Output);
        CommandProcess.PostgresRunsOn(dataDirectory).ShouldBeFalse(run.ToString());
    }

    private static void ShouldBePlain(string output)
    {
        output.ShouldNotContain("\u001b[", customMessage: "no terminal colour codes in redirected output");
        SpectreMarkup().Matches(output).Select(m => m.Value).ShouldBeEmpty("no Spectre markup such as [purple] or [/]");
    }

    [GeneratedRegex(@"\[/\]|\[(bold|dim|italic|underline|red|green|blue|yellow|purple|gray|grey|cyan|magenta|white|black)\b[^\]]*\]")]
    private static partial Regex SpectreMarkup();
}
