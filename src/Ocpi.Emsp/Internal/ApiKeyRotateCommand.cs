namespace Ocpi.Emsp.Internal;

/// <summary>
/// <c>api-key rotate</c>: generates a new internal API key, stores its hash and prints the key once on standard output
/// (nothing else goes there, so <c>KEY=$(... api-key rotate)</c> works). Running nodes drop the old key within
/// <see cref="ApiKeyStore.RefreshInterval"/>. Refused (exit code 2) when <c>Emsp:ApiKey</c> is configured, since the
/// configured key would stay the one in force: change the configuration instead.
/// </summary>
public static class ApiKeyRotateCommand
{
    public static bool Matches(string[] args) => args is ["api-key", "rotate", ..];

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, TextWriter errors)
    {
        var keys = services.GetRequiredService<ApiKeyStore>();
        if (keys.IsConfigured)
        {
            errors.WriteLine("Emsp:ApiKey is configured, so that key is the one in force: change the configuration instead");
            return 2;
        }

        var key = await keys.RotateAsync(CancellationToken.None);
        output.WriteLine(key);
        errors.WriteLine($"New internal API key (header X-Api-Key) printed above; the previous key stops working on running nodes within {ApiKeyStore.RefreshInterval.TotalSeconds:0} s");
        return 0;
    }
}
