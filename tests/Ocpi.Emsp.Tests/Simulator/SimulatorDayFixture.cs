using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Ocpi.CpoSimulator.DayScript;
using Ocpi.CpoSimulator.Tool;
using Ocpi.Emsp.Benchmarks;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Simulator;

/// <summary>A day's progress kept for assertions instead of shown.</summary>
public sealed class RecordedProgress : IDayProgress
{
    public List<string> Lines { get; } = [];
    public int Done { get; private set; }
    public int Total { get; private set; }

    public void StepDone(DayStep step, int done, int total) => (Done, Total) = (done, total);

    public void Refused(Refusal refusal) => Lines.Add($"REFUSED {refusal}");

    public void Note(string message) => Lines.Add(message);
}

/// <summary>
/// The service on real Kestrel on a fresh database, and the CPO simulator connected to it the way the tool connects
/// (invitation with the API key, OCPI credentials handshake over loopback HTTP, demo tokens through the internal API),
/// after it played a short scripted day at full speed.
/// </summary>
public sealed class SimulatorDayFixture : IAsyncLifetime
{
    public const string ApiKey = "simulator-day-test-key-0123456789";
    private KestrelService? _service;

    public string BaseUrl { get; private set; } = "";
    public HttpClient Api => _service!.Api;
    public SimulatorSettings Settings { get; private set; } = null!;
    public DayScenario Scenario { get; private set; } = null!;
    public SimulatorRun Run { get; private set; } = null!;
    public DayReport Report { get; private set; } = null!;
    public RecordedProgress Progress { get; } = new();
    public List<string> Output { get; } = [];

    public async Task InitializeAsync()
    {
        // A newly registered CPO gets our tokens from the periodic resync (30 s by default): sooner here.
        _service = await KestrelService.StartAsync("SimulatorDay", ApiKey, ("Emsp:Tokens:ResyncInterval", "00:00:01"));
        BaseUrl = _service.BaseUrl;

        Settings = new SimulatorSettings(new Uri(BaseUrl), ApiKey)
        {
            Party = EmspFixture.NextParty(), DayLength = TimeSpan.Zero, Locations = 2, Sessions = 5, DemoTokens = 3, Once = true,
        };
        Scenario = ScenarioGenerator.Generate(Settings.Locations, Settings.Sessions, Settings.Seed);
        Run = await SimulatorRun.ConnectAsync(Settings, Output.Add);
        var tokens = await Run.TokensAsync();
        Report = await Run.PlayDayAsync(Scenario, tokens, Progress);
    }

    public async Task DisposeAsync()
    {
        if (Run is not null) await Run.DisposeAsync();
        if (_service is not null) await _service.DisposeAsync();
    }
}
