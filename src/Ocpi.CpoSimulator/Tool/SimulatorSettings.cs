using Ocpi.Protocol.Common;

namespace Ocpi.CpoSimulator.Tool;

/// <summary>What the simulator tool was asked to do (see <see cref="SimulatorCommandLine"/> for the options).</summary>
public sealed record SimulatorSettings(Uri Emsp, string ApiKey)
{
    public PartyRef Party { get; init; } = new("DE", "CPX");
    public string Name { get; init; } = "Simulated CPO";
    /// <summary>Where the simulator's own OCPI server listens; port 0 picks a free one.</summary>
    public string Listen { get; init; } = "http://127.0.0.1:0";
    /// <summary>The URL the eMSP reaches the simulator at, when not the listen address (containers, proxies).</summary>
    public string? PublicUrl { get; init; }
    /// <summary>Real time the simulated day takes.</summary>
    public TimeSpan DayLength { get; init; } = TimeSpan.FromMinutes(3);
    public int Locations { get; init; } = 4;
    public int Sessions { get; init; } = 12;
    /// <summary>Tokens to create through the internal API when the eMSP has none (0: create none).</summary>
    public int DemoTokens { get; init; } = 3;
    public int Seed { get; init; } = 2300;
    /// <summary>Exit after the day instead of staying up as a CPO.</summary>
    public bool Once { get; init; }
}
