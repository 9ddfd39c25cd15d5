using System.Text.Json;
using System.Text.Json.Nodes;
using Ocpi.CpoSimulator.DayScript;
using Ocpi.Protocol.Common;
using Ocpi.Protocol.Credentials;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Versions;

namespace Ocpi.CpoSimulator.Tool;

/// <summary>
/// What the tool does, without the console: ask the eMSP for an invitation, start our OCPI server, register the
/// OCPI way, find (or create) tokens to charge with, and play the day. The simulator stays up until disposed.
/// </summary>
public sealed class SimulatorRun : IAsyncDisposable
{
    private readonly SimulatorSettings _settings;
    private readonly HttpClient _api;
    private readonly Action<string> _say;

    private SimulatorRun(SimulatorSettings settings, CpoSimulator cpo, HttpClient api, string partnerId, Action<string> say)
    {
        _settings = settings;
        Cpo = cpo;
        _api = api;
        PartnerId = partnerId;
        _say = say;
    }

    public CpoSimulator Cpo { get; }

    /// <summary>Our id in the eMSP's partner registry (from the invitation).</summary>
    public string PartnerId { get; }

    /// <summary>Invitation, our server, registration. Throws <see cref="SimulatorException"/> with the reason when one fails.</summary>
    public static async Task<SimulatorRun> ConnectAsync(SimulatorSettings settings, Action<string> say, CancellationToken ct = default)
    {
        var api = new HttpClient { BaseAddress = new Uri(settings.Emsp.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        CpoSimulator? cpo = null;
        try
        {
            say($"Asking {settings.Emsp} for an invitation...");
            var invitation = await new EmspInternalApi(api, settings.ApiKey).InviteAsync($"{settings.Name} {settings.Party}", ct);
            cpo = await CpoSimulator.StartAsync(new CpoSimulatorOptions
            {
                Party = settings.Party, Name = settings.Name, ListenUrl = settings.Listen, PublicUrl = settings.PublicUrl,
            });
            say($"Our OCPI server is up: {cpo.VersionsUrl}");
            say($"Registering as CPO {settings.Party} with {invitation.VersionsUrl} (partner {invitation.PartnerId})...");
            OcpiCallResult result;
            try
            {
                result = await cpo.RegisterWithAsync(invitation.VersionsUrl, invitation.TokenA);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException or KeyNotFoundException)
            {
                throw new SimulatorException($"The OCPI handshake with {invitation.VersionsUrl} failed: {e.Message}");
            }
            if (result.StatusCode != OcpiStatusCode.Success)
                throw new SimulatorException($"The eMSP refused our credentials: HTTP {(int)result.HttpStatus}, OCPI {result.StatusCode} \"{result.StatusMessage}\"" +
                    (result.StatusMessage?.Contains("already registered", StringComparison.OrdinalIgnoreCase) == true
                        ? $". Run again with another party, e.g. --party {settings.Party.CountryCode}/{AnotherParty(settings.Party.PartyId)}." : ""));
            var emsp = cpo.EmspRoles.FirstOrDefault(r => r.Role == Role.EMSP);
            say($"Registered: the eMSP is {(emsp is null ? "?" : $"{emsp.CountryCode}/{emsp.PartyId} ({emsp.BusinessDetails.Name})")}; partner {invitation.PartnerId} is connected.");
            return new SimulatorRun(settings, cpo, api, invitation.PartnerId, say);
        }
        catch
        {
            if (cpo is not null) await cpo.DisposeAsync();
            api.Dispose();
            throw;
        }
    }

    private static string AnotherParty(string partyId) =>
        partyId[..2] + (char.IsDigit(partyId[2]) && partyId[2] != '9' ? (char)(partyId[2] + 1) : '2');

    /// <summary>
    /// The eMSP's tokens, as a CPO sees them (GET of its tokens SENDER list, every page). When there are none and
    /// demo tokens were asked for, creates them through the internal API first, and says so.
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>> TokensAsync(CancellationToken ct = default)
    {
        var tokens = await ListTokensAsync(ct);
        if (tokens.Count > 0 || _settings.DemoTokens == 0)
        {
            _say(tokens.Count > 0 ? $"The eMSP lists {tokens.Count} tokens; drivers will use them." : "The eMSP has no tokens (and --demo-tokens is 0).");
            return tokens;
        }
        var emsp = Cpo.EmspRoles.FirstOrDefault(r => r.Role == Role.EMSP) ?? throw new SimulatorException("The eMSP's credentials name no EMSP role.");
        var api = new EmspInternalApi(_api, _settings.ApiKey);
        var now = DateTimeOffset.UtcNow;
        for (var n = 1; n <= _settings.DemoTokens; n++)
            await api.PutTokenAsync(ObjectFactory.DemoToken(new PartyRef(emsp.CountryCode, emsp.PartyId), n, now), ct);
        _say($"The eMSP had no tokens: created {_settings.DemoTokens} demo tokens through its internal API " +
             $"(PUT /api/tokens/{ObjectFactory.DemoTokenUid(1)}...{ObjectFactory.DemoTokenUid(_settings.DemoTokens)}); it pushes them to us.");
        return await ListTokensAsync(ct);
    }

    private async Task<List<JsonObject>> ListTokensAsync(CancellationToken ct)
    {
        var tokens = new List<JsonObject>();
        for (var url = $"{Cpo.EmspEndpoint(ModuleId.Tokens)}?offset=0&limit=100"; url is not null;)
        {
            ct.ThrowIfCancellationRequested();
            var page = await Cpo.CallEmspAsync(HttpMethod.Get, url, Cpo.TokenForEmsp);
            if (page.StatusCode != OcpiStatusCode.Success)
                throw new SimulatorException($"GET of the eMSP's tokens answered HTTP {(int)page.HttpStatus}, OCPI {page.StatusCode} \"{page.StatusMessage}\"");
            tokens.AddRange(page.Data.EnumerateArray().Select(t => JsonNode.Parse(t.GetRawText())!.AsObject()));
            url = page.Headers.TryGetValue(OcpiHeaders.Link, out var link) ? NextLink(link) : null;
        }
        return tokens;
    }

    private static string? NextLink(string link) =>
        link.Split(',').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("rel=\"next\"")) is { } next && next.IndexOf('<') is var from and >= 0
            ? next[(from + 1)..next.IndexOf('>')]
            : null;

    /// <summary>Plays the day of <paramref name="scenario"/> (yesterday, local time) with the given tokens.</summary>
    public Task<DayReport> PlayDayAsync(DayScenario scenario, IReadOnlyList<JsonObject> tokens, IDayProgress progress, CancellationToken ct = default) =>
        new DayPlayer(Cpo, scenario, tokens, DayPlan.Yesterday(DateTimeOffset.UtcNow, scenario.TimeZone), _settings.DayLength, progress).PlayAsync(ct);

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await Cpo.DisposeAsync();
    }
}
