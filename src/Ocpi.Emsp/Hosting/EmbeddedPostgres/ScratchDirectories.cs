namespace Ocpi.Emsp.Hosting.EmbeddedPostgres;

/// <summary>Throw-away parent directories for embedded servers (the test suite's and the benchmark's).</summary>
public static class ScratchDirectories
{
    /// <summary>
    /// A new empty directory under the temp directory (/tmp when root), mode 755 so that the <c>postgres</c> OS user can
    /// reach a data directory inside it when running as root.
    /// </summary>
    public static string Create(string prefix)
    {
        var root = !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess ? "/tmp" : Path.GetTempPath();
        var directory = Path.Combine(root, $"ocpi-emsp-{prefix}-{Guid.NewGuid().ToString("N")[..12]}");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return directory;
    }
}
