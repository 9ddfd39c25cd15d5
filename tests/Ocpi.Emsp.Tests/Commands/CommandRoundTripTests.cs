using System.Net;
using System.Text.Json;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tests.Commands;

/// <summary>Commands to a simulated CPO on Kestrel: sent, answered, and finished by a result, a refusal or a failure.</summary>
public sealed class CommandRoundTripTests(CommandsFixture emsp) : IClassFixture<CommandsFixture>
{
    public static TheoryData<string> CommandTypes => new() { "START_SESSION", "STOP_SESSION", "RESERVE_NOW", "CANCEL_RESERVATION", "UNLOCK_CONNECTOR" };

    [Theory]
    [MemberData(nameof(CommandTypes))]
    public async Task each_command_type_is_sent_accepted_and_finished_by_its_result(string type)
    {
        var (cpo, partnerId) = await emsp.RegisteredCpoAsync();
        var token = await emsp.OurTokenAsync();

        var id = await emsp.RequestAsync(cpo.Options.Party, type, CommandsFixture.RequestOf(type, token));

        var command = await emsp.WaitForAsync(id, c => c.TryGetProperty("result", out _) && c.TryGetProperty("response", out _), "response and result");
        command.GetProperty("status").GetString().ShouldBe("ACCEPTED");
        command.GetProperty("type").GetString().ShouldBe(type);
        command.GetProperty("cpo").GetProperty("party_id").GetString().ShouldBe(cpo.Options.Party.PartyId);
        command.GetProperty("response").GetProperty("result").GetString().ShouldBe("ACCEPTED");
        command.GetProperty("response").GetProperty("timeout").GetInt32().ShouldBe(30);
        command.GetProperty("result").GetProperty("result").GetString().ShouldBe("ACCEPTED");
        CommandsFixture.Timeline(command).ShouldBe(["command_requested", "command_sent", "command_result_received"], ignoreOrder: true);

        var received = cpo.ReceivedCommands.ShouldHaveSingleItem();
        received.Type.ShouldBe(type);
        received.ResponseUrl.ShouldBe($"{Infrastructure.EmspFixture.PublicUrl}/ocpi/2.3.0/commands/{type}/{id}");
        var sent = cpo.RequestsTo($"/ocpi/2.3.0/commands/{type}").ShouldHaveSingleItem();
        sent.Header("OCPI-to-party-id").ShouldBe(cpo.Options.Party.PartyId);
        sent.Header("OCPI-from-party-id").ShouldBe("EMS");
        cpo.PostedResults.ShouldHaveSingleItem().Answer.StatusCode.ShouldBe(1000);
        command.GetProperty("partner_id").GetString().ShouldBe(partnerId);
    }

    [Fact]
    public async Task a_token_command_carries_our_stored_token_and_a_generated_authorization_reference()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var token = await emsp.OurTokenAsync();

        var id = await emsp.RequestAsync(cpo.Options.Party, "START_SESSION", CommandsFixture.RequestOf("START_SESSION", token));

        await Infrastructure.Eventually.HoldsAsync(() => cpo.ReceivedCommands.Count == 1, "the command at the CPO");
        var body = cpo.ReceivedCommands[0].Body;
        body.GetProperty("authorization_reference").GetString().ShouldBe(id);
        body.GetProperty("token").GetProperty("uid").GetString().ShouldBe(token);
        body.GetProperty("token").GetProperty("contract_id").GetString().ShouldBe("NL-EMS-C" + token);
        body.GetProperty("token").GetProperty("whitelist").GetString().ShouldBe("ALLOWED");
    }

    [Fact]
    public async Task a_rejected_command_ends_as_rejected_with_no_result_awaited()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        cpo.Commands.Response = "REJECTED";

        var id = await emsp.RequestAsync(cpo.Options.Party, "STOP_SESSION", CommandsFixture.RequestOf("STOP_SESSION"));

        var command = await emsp.WaitForStatusAsync(id, "REJECTED");
        command.GetProperty("response").GetProperty("result").GetString().ShouldBe("REJECTED");
        command.TryGetProperty("result", out _).ShouldBeFalse();
        command.TryGetProperty("deadline", out _).ShouldBeFalse();
        cpo.PostedResults.ShouldBeEmpty();
    }

    [Fact]
    public async Task an_unknown_location_answered_2003_with_rejected_is_recorded_as_rejected()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        cpo.Commands.Response = "REJECTED";
        cpo.Commands.StatusCode = 2003;

        var id = await emsp.RequestAsync(cpo.Options.Party, "UNLOCK_CONNECTOR", CommandsFixture.RequestOf("UNLOCK_CONNECTOR"));

        var command = await emsp.WaitForStatusAsync(id, "REJECTED");
        var sent = command.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "command_sent");
        sent.GetProperty("data").GetProperty("status_code").GetInt32().ShouldBe(2003);
    }

    [Fact]
    public async Task a_cpo_answering_1000_without_a_command_response_leaves_it_sent_until_the_result_comes()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        cpo.Commands.OmitResponse = true;
        cpo.Commands.ResultDelay = TimeSpan.FromSeconds(5);

        var id = await emsp.RequestAsync(cpo.Options.Party, "STOP_SESSION", CommandsFixture.RequestOf("STOP_SESSION"));

        var sent = await emsp.WaitForAsync(id, c => c.TryGetProperty("sent_at", out _), "the answer recorded");
        sent.TryGetProperty("result", out _).ShouldBeFalse();
        sent.GetProperty("status").GetString().ShouldBe("SENT");
        sent.TryGetProperty("deadline", out _).ShouldBeTrue();
        var finished = await emsp.WaitForStatusAsync(id, "ACCEPTED");
        finished.GetProperty("result").GetProperty("result").GetString().ShouldBe("ACCEPTED");
    }

    [Fact]
    public async Task a_cpo_answering_5xx_leaves_the_command_send_failed_with_the_reason_visible()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        cpo.Commands.HttpStatus = 503;

        var id = await emsp.RequestAsync(cpo.Options.Party, "STOP_SESSION", CommandsFixture.RequestOf("STOP_SESSION"));

        var command = await emsp.WaitForStatusAsync(id, "SEND_FAILED");
        command.GetProperty("failure_reason").GetString()!.ShouldContain("503");
        CommandsFixture.Timeline(command).ShouldBe(["command_requested", "command_send_failed"]);
        var listed = await emsp.InternalApi().GetAsync($"/api/commands?status=SEND_FAILED&cpo={cpo.Options.Party.CountryCode}-{cpo.Options.Party.PartyId}");
        (await listed.Content.ReadAsStringAsync()).ShouldContain(id);
    }

    [Fact]
    public async Task a_result_that_never_comes_ends_as_timeout_after_the_cpo_timeout_and_a_late_one_is_only_recorded()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        cpo.Commands.Timeout = 2;
        cpo.Commands.Result = null;

        var id = await emsp.RequestAsync(cpo.Options.Party, "CANCEL_RESERVATION", CommandsFixture.RequestOf("CANCEL_RESERVATION"));
        var accepted = await emsp.WaitForStatusAsync(id, "ACCEPTED");
        var command = await emsp.WaitForStatusAsync(id, "TIMEOUT", TimeSpan.FromSeconds(60));

        var deadline = accepted.GetProperty("deadline").GetDateTimeOffset();
        // The CPO's 2 s plus our 1 s grace, counted from its answer; never fired before.
        deadline.ShouldBeGreaterThanOrEqualTo(command.GetProperty("requested_at").GetDateTimeOffset().AddSeconds(3));
        var timedOut = command.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "command_timed_out");
        timedOut.GetProperty("timestamp").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(deadline);
        command.TryGetProperty("result", out _).ShouldBeFalse();

        var late = await cpo.PostCommandResultAsync(cpo.ReceivedCommands[0].ResponseUrl, "ACCEPTED");
        late.StatusCode.ShouldBe(1000);
        command = await emsp.CommandAsync(id);
        command.GetProperty("status").GetString().ShouldBe("TIMEOUT");
        command.GetProperty("late_result").GetProperty("result").GetString().ShouldBe("ACCEPTED");
        CommandsFixture.Timeline(command)[^1].ShouldBe("command_result_ignored");
    }

    [Fact]
    public async Task a_duplicate_result_is_answered_1000_ignored_and_recorded()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        cpo.Commands.ResultPosts = 2;
        cpo.Commands.Result = "FAILED";

        var id = await emsp.RequestAsync(cpo.Options.Party, "UNLOCK_CONNECTOR", CommandsFixture.RequestOf("UNLOCK_CONNECTOR"));

        var command = await emsp.WaitForAsync(id, c => c.GetProperty("ignored_results").GetInt32() == 1, "the second result recorded");
        command.GetProperty("status").GetString().ShouldBe("FAILED");
        CommandsFixture.Timeline(command).Count(t => t == "command_result_received").ShouldBe(1);
        var ignored = command.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "command_result_ignored");
        ignored.GetProperty("data").GetProperty("reason").GetString().ShouldBe("duplicate");
        cpo.PostedResults.Select(r => r.Answer.StatusCode).ShouldBe([1000, 1000]);
    }

    [Fact]
    public async Task a_reservation_cancelled_later_by_the_cpo_on_the_same_url_is_applied()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var token = await emsp.OurTokenAsync();
        var id = await emsp.RequestAsync(cpo.Options.Party, "RESERVE_NOW", CommandsFixture.RequestOf("RESERVE_NOW", token));
        await emsp.WaitForAsync(id, c => c.TryGetProperty("result", out _), "the reservation's result");

        (await cpo.PostCommandResultAsync(cpo.ReceivedCommands[0].ResponseUrl, "CANCELED_RESERVATION")).StatusCode.ShouldBe(1000);

        (await emsp.CommandAsync(id)).GetProperty("status").GetString().ShouldBe("CANCELED_RESERVATION");
    }

    [Fact]
    public async Task our_version_details_advertise_commands_as_sender()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        var commands = cpo.EmspEndpoints.Single(e => e.Identifier == ModuleId.Commands);
        commands.Role.ShouldBe(InterfaceRole.SENDER);
        commands.Url.ShouldBe($"{Infrastructure.EmspFixture.PublicUrl}/ocpi/2.3.0/commands");
        var unauthenticated = await emsp.Host.Server.CreateClient().PostAsync(commands.Url + "/STOP_SESSION/x", null);
        unauthenticated.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
