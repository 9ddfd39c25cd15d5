namespace Ocpi.Emsp.Commands;

/// <summary>Configuration section <c>Emsp:Commands</c>.</summary>
public sealed class CommandOptions
{
    public const string Section = "Emsp:Commands";

    /// <summary>Added to the CPO's timeout before a command without result ends as TIMEOUT (its result may be on its way).</summary>
    public TimeSpan TimeoutGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The timeout assumed when the CPO's answer carries no readable CommandResponse (status SENT).</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
