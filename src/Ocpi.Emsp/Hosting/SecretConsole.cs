namespace Ocpi.Emsp.Hosting;

/// <summary>
/// Where a secret the operator must see once (a generated internal API key) is shown: the terminal's standard error,
/// written directly, never as a log event. Log events travel on (JSON lines, OTLP, a log pipeline's index) and
/// secrets must not travel with them.
/// </summary>
public class SecretConsole
{
    public virtual void Show(string what, string secret) =>
        Console.Error.WriteLine($"{what}: {secret}");
}
