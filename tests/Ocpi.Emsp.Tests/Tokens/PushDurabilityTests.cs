using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Tests.Infrastructure;
using Wolverine.Runtime;
using Wolverine.Transports;

namespace Ocpi.Emsp.Tests.Tokens;

/// <summary>A token change accepted just before the service stops is still pushed: the push waits in the durable outbox.</summary>
public sealed class PushDurabilityTests
{
    private static Task<IAlbaHost> StartAsync(string connectionString) => AlbaHost.For<Program>(b =>
    {
        b.UseSetting("ConnectionStrings:Marten", connectionString);
        b.UseSetting("Emsp:PublicUrl", EmspFixture.PublicUrl);
        b.UseSetting("Emsp:ApiKey", EmspFixture.ApiKey);
        b.UseSetting("Emsp:Tokens:ResyncInterval", "00:00:00.200");
    });

    private static HttpClient Api(IAlbaHost host)
    {
        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", EmspFixture.ApiKey);
        return client;
    }

    [Fact]
    public async Task a_push_accepted_before_a_restart_is_delivered_after_it()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("durability");
        var first = await StartAsync(connectionString);
        await using var cpo = await CpoSimulator.CpoSimulator.StartAsync(new() { Party = EmspFixture.NextParty() }, first.Server.CreateHandler());
        var invitation = await (await Api(first).PostAsJsonAsync("/api/partners/invitations", new { })).Content.ReadFromJsonAsync<JsonElement>();
        (await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, invitation.GetProperty("token_a").GetString()!)).StatusCode.ShouldBe(1000);
        var partnerId = invitation.GetProperty("partner_id").GetString()!;
        await Eventually.HoldsAsync(async () => (await Api(first).GetFromJsonAsync<JsonElement>("/api/token-sync")).EnumerateArray()
            .Any(s => s.GetProperty("id").GetString() == partnerId && s.GetProperty("in_sync").GetBoolean()), "partner in sync");

        // The node stops taking pushes off its queue, as if it died right after accepting the change.
        var runtime = first.Services.GetRequiredService<IWolverineRuntime>();
        var pushQueue = (IListenerCircuit)runtime.Endpoints.GetOrBuildSendingAgent(new Uri($"local://{WolverineSetup.TokenPushQueue}"));
        await pushQueue.PauseAsync(TimeSpan.FromHours(1));
        var uid = "R" + Guid.NewGuid().ToString("N")[..10];
        (await Api(first).PutAsync($"/api/tokens/{uid}", JsonContent(TokensFixture.NewToken(uid)))).StatusCode.ShouldBe(HttpStatusCode.Created);
        await Eventually.HoldsAsync(async () => await PendingPushesAsync(connectionString) > 0, "the push stored in the outbox");
        cpo.RequestsTo($"/ocpi/2.3.0/tokens/NL/EMS/{uid}").ShouldBeEmpty();
        await first.DisposeAsync();

        await using var second = await StartAsync(connectionString);

        await Eventually.HoldsAsync(() => cpo.RequestsTo($"/ocpi/2.3.0/tokens/NL/EMS/{uid}").Any(), "the push after the restart");
        var pushes = cpo.RequestsTo($"/ocpi/2.3.0/tokens/NL/EMS/{uid}").ToList();
        pushes.Count.ShouldBe(1);
        pushes[0].Method.ShouldBe("PUT");
    }

    private static StringContent JsonContent(System.Text.Json.Nodes.JsonObject json) =>
        new(json.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    private static async Task<long> PendingPushesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from emsp.wolverine_incoming_envelopes where message_type like '%PushTokenToPartner%' or message_type like '%push_token_to_partner%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
