namespace Ocpi.Emsp.Hosting.EmbeddedPostgres;

/// <summary>
/// PostgreSQL refuses to run as root. When this process is root, every server command runs as the
/// <c>postgres</c> OS user, which must own the data directory and be able to reach it.
/// </summary>
internal static class PostgresOsUser
{
    public const string Name = "postgres";

    /// <summary>True when this process is root, so server commands must run as <see cref="Name"/>.</summary>
    public static bool IsRequired => !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    /// <summary>Fails clearly when running as root and the <c>postgres</c> OS user does not exist.</summary>
    public static async Task EnsureExistsAsync(CancellationToken cancellationToken)
    {
        if (!IsRequired)
        {
            return;
        }

        var result = await ProcessRunner.RunAsync("id", ["-u", Name], cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException(
                $"This process runs as root, and PostgreSQL refuses to run as root, so the embedded server runs as the OS user '{Name}', " +
                $"which does not exist. Create it (`useradd --system --user-group --home-dir /var/lib/postgresql {Name}`; installing the " +
                "postgresql package does it), run as another user, or set ConnectionStrings:Marten to use an existing server.");
        }
    }

    /// <summary>Makes <see cref="Name"/> the owner of <paramref name="path"/> (recursively) when running as root.</summary>
    public static async Task GiveOwnershipAsync(string path, CancellationToken cancellationToken)
    {
        if (IsRequired)
        {
            await ProcessRunner.RunCheckedAsync("chown", ["-R", Name, path], cancellationToken: cancellationToken);
        }
    }

    /// <summary>Fails clearly when, running as root, <see cref="Name"/> cannot write into <paramref name="directory"/>.</summary>
    public static async Task EnsureCanWriteAsync(string directory, CancellationToken cancellationToken)
    {
        if (!IsRequired)
        {
            return;
        }

        var result = await ProcessRunner.RunAsync("test", ["-w", directory, "-a", "-x", directory], asServerUser: true, cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException(
                $"The data directory {directory} is not reachable and writable by the OS user '{Name}', which the embedded " +
                $"PostgreSQL server runs as because this process is root. Every parent directory must be searchable by '{Name}' " +
                "(a directory under /root is not). Choose another place with Emsp:EmbeddedDatabase:DataDirectory, " +
                "for example /var/lib/ocpi-emsp/postgres (the default for root).");
        }
    }
}
