using Ocpi.CpoSimulator.Tool;
using Ocpi.Protocol.Common;

namespace Ocpi.Emsp.Tests.Simulator;

public sealed class SimulatorCommandLineTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await SimulatorProgram.RunAsync(args, error, zone => new ConsoleProgress(output, fancy: false, zone), _ => null, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("localhost:5080")]
    [InlineData("ftp://localhost:5080")]
    [InlineData("not a url")]
    public async Task a_bad_emsp_url_is_refused_with_a_clear_message_and_exit_code_2(string emsp)
    {
        var (exit, output, error) = await RunAsync("--emsp", emsp, "--api-key", "k");
        exit.ShouldBe(SimulatorProgram.BadArguments);
        error.ShouldContain($"--emsp '{emsp}' is not an absolute http(s) URL");
        error.ShouldContain("--help");
        output.ShouldBeEmpty();
    }

    [Fact]
    public async Task missing_emsp_and_api_key_are_both_named()
    {
        var (exit, _, error) = await RunAsync("--once");
        exit.ShouldBe(SimulatorProgram.BadArguments);
        error.ShouldContain("--emsp is required");
        error.ShouldContain("--api-key is required");
    }

    [Fact]
    public async Task help_prints_the_usage_without_markup_and_exits_0()
    {
        var (exit, output, error) = await RunAsync("--help");
        exit.ShouldBe(SimulatorProgram.Ok);
        output.ShouldContain("--emsp <url>");
        output.ShouldContain("--demo-tokens <n>");
        output.ShouldNotContain("[/]");
        error.ShouldBeEmpty();
    }

    [Fact]
    public void options_are_read_with_their_values_and_the_api_key_falls_back_to_the_environment()
    {
        var parsed = SimulatorCommandLine.Parse(
            ["--emsp", "http://localhost:5080", "--party", "nl/abc", "--minutes", "0.5", "--sessions=7", "--demo-tokens", "0", "--once"],
            name => name == SimulatorCommandLine.ApiKeyVariable ? "from-env" : null);
        parsed.Errors.ShouldBeEmpty();
        var s = parsed.Settings!;
        (s.Emsp.ToString(), s.ApiKey, s.Party, s.DayLength, s.Sessions, s.DemoTokens, s.Once)
            .ShouldBe(("http://localhost:5080/", "from-env", new PartyRef("NL", "ABC"), TimeSpan.FromSeconds(30), 7, 0, true));
    }

    [Theory]
    [InlineData("--party", "DEU/CPX", "--party 'DEU/CPX'")]
    [InlineData("--minutes", "-1", "--minutes '-1'")]
    [InlineData("--sessions", "2.5", "--sessions '2.5'")]
    [InlineData("--bogus", "1", "Unknown option '--bogus'")]
    public void a_bad_option_value_is_named_in_the_error(string option, string value, string expected)
    {
        var parsed = SimulatorCommandLine.Parse(["--emsp", "http://localhost:5080", "--api-key", "k", option, value], _ => null);
        parsed.Settings.ShouldBeNull();
        parsed.Errors.ShouldContain(e => e.Contains(expected));
    }
}
