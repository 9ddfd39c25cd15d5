using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ocpi.Emsp.Tests.Hosting;

/// <summary>An eMSP logging at Verbose that generates its own internal API key, which the test catches where it is shown.</summary>
public sealed class VerboseEmspFixture : EmspFixture
{
    public CapturedSecretConsole Shown { get; } = new();

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Serilog:MinimumLevel:Default", "Verbose");
        builder.UseSetting("Emsp:ApiKey", "");
        builder.ConfigureTestServices(services => services.AddSingleton<SecretConsole>(Shown));
    }
}

public sealed class CapturedSecretConsole : SecretConsole
{
    public ConcurrentQueue<string> Secrets { get; } = new();

    public override void Show(string what, string secret) => Secrets.Enqueue(secret);
}

/// <summary>
/// No secret reaches a log: every flow that issues or presents a credentials token or an API key is driven on a host
/// logging at Verbose, and the rendered log events of every host of this test run (<see cref="TestRunLogs"/>) are
/// searched for each secret, plain and Base64.
/// </summary>
public sealed class SecretsNeverLoggedTests(VerboseEmspFixture emsp, ITestOutputHelper output) : IClassFixture<VerboseEmspFixture>
{
    [Fact]
    public async Task no_token_or_api_key_of_any_handshake_rotation_unregistration_or_refused_call_appears_in_the_logs()
    {
        var issued = new List<string>();
        var logLinesBefore = TestRunLogs.LineCount;

        // A generated API key: shown once on the console, never logged. A wrong key is refused.
        (await emsp.Host.Server.CreateClient().GetAsync("/api/partners")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var apiKey = emsp.Shown.Secrets.ShouldHaveSingleItem();
        issued.Add(apiKey);
        var api = emsp.Host.Server.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var wrongKey = emsp.Host.Server.CreateClient();
        wrongKey.DefaultRequestHeaders.Add("X-Api-Key", "wrong-api-key-" + Guid.NewGuid().ToString("N"));
        issued.Add(wrongKey.DefaultRequestHeaders.GetValues("X-Api-Key").Single());
        (await wrongKey.GetAsync("/api/partners")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // A CPO registers with our invitation (token A, B, C), rotates, is rotated, unregisters and registers again.
        var cpo = await emsp.StartCpoAsync();
        var (partnerId, tokenA) = await InviteAsync(api);
        issued.Add(tokenA);
        (await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, tokenA)).StatusCode.ShouldBe(1000);
        issued.AddRange([cpo.TokenForEmsp!, cpo.TokenFromEmsp!]);
        (await cpo.UpdateCredentialsAsync()).StatusCode.ShouldBe(1000);
        issued.AddRange([cpo.TokenForEmsp!, cpo.TokenFromEmsp!]);
        (await api.PostAsync($"/api/partners/{partnerId}/credentials/rotate", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        issued.AddRange([cpo.TokenForEmsp!, cpo.TokenFromEmsp!]);
        // Refused: a spent token A, an old token C, an invented token.
        var invented = "invented-token-" + Guid.NewGuid().ToString("N");
        issued.Add(invented);
        foreach (var refused in new[] { tokenA, issued[3], invented })
            (await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.VersionsUrl, refused)).HttpStatus.ShouldBe(HttpStatusCode.Unauthorized);
        (await cpo.UnregisterAsync()).StatusCode.ShouldBe(1000);
        var (_, tokenAAgain) = await InviteAsync(api);
        issued.Add(tokenAAgain);
        (await cpo.RegisterWithAsync(EmspFixture.VersionsUrl, tokenAAgain)).StatusCode.ShouldBe(1000);
        issued.AddRange([cpo.TokenForEmsp!, cpo.TokenFromEmsp!]);

        // We register with a CPO using its token A, then unregister from our side.
        var other = await emsp.StartCpoAsync();
        var theirTokenA = other.IssueTokenA();
        issued.Add(theirTokenA);
        var registered = await api.PostAsJsonAsync("/api/partners/registrations",
            new { versions_url = other.VersionsUrl, token_a = theirTokenA, label = "direct" });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created);
        issued.AddRange([other.TokenForEmsp!, other.TokenFromEmsp!]);
        var otherId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await api.DeleteAsync($"/api/partners/{otherId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // The capture holds this host's Verbose events (the requests above are logged) and finds a secret when one is logged.
        TestRunLogs.Overflowed.ShouldBeFalse($"the log capture exceeded {TestRunLogs.MaxChars} characters");
        TestRunLogs.LineCount.ShouldBeGreaterThan(logLinesBefore);
        var planted = "planted-secret-" + Guid.NewGuid().ToString("N");
        // The scanner finds a secret in a line this host logs.
        emsp.Host.Services.GetRequiredService<ILogger<SecretsNeverLoggedTests>>().LogWarning("A careless line with {Secret}", planted);
        TestRunLogs.LinesContaining([planted]).ShouldNotBeEmpty();

        var leaks = TestRunLogs.LinesContaining(issued.Distinct());
        leaks.ShouldBeEmpty(string.Join('\n', leaks.Select(l => $"{l.Secret}: {l.Line}")));
    }

    [Fact]
    public void no_secret_used_so_far_in_this_test_run_appears_in_any_captured_log_line()
    {
        var secrets = TestRunLogs.RecordedSecrets();
        output.WriteLine($"{TestRunLogs.LineCount} log lines ({TestRunLogs.Chars} characters) searched for {secrets.Count} secrets");

        TestRunLogs.Overflowed.ShouldBeFalse($"the log capture exceeded {TestRunLogs.MaxChars} characters: raise TestRunLogs.MaxChars");
        var leaks = TestRunLogs.LinesContaining(secrets);
        leaks.ShouldBeEmpty(string.Join('\n', leaks.Take(20).Select(l => $"{l.Secret}: {l.Line}")));
    }

    private static async Task<(string PartnerId, string TokenA)> InviteAsync(HttpClient api)
    {
        var response = await api.PostAsJsonAsync("/api/partners/invitations", new { label = "secrets" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("partner_id").GetString()!, body.GetProperty("token_a").GetString()!);
    }
}
