namespace Ocpi.Emsp.Hosting.EmbeddedPostgres;

/// <summary>Where and how the embedded PostgreSQL server keeps its data and listens.</summary>
public sealed record EmbeddedPostgresOptions
{
    /// <summary>The cluster's data directory; null means <see cref="DefaultDataDirectory"/>. Reused across restarts.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>A directory holding initdb, pg_ctl and postgres; searched first, before PATH and the usual places.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>The database <see cref="EmbeddedPostgresServer.ConnectionString"/> points at; created when missing.</summary>
    public string Database { get; init; } = "ocpi_emsp";

    /// <summary>The loopback TCP port; null picks a free one.</summary>
    public int? Port { get; init; }

    /// <summary>
    /// True (the default) keeps fsync on. False trades crash safety for speed
    /// (fsync, synchronous_commit and full_page_writes off): for throw-away test servers only.
    /// </summary>
    public bool Durable { get; init; } = true;

    /// <summary>
    /// The per-user data directory (<c>~/.local/share/ocpi-emsp/postgres</c> on Linux), or
    /// <c>/var/lib/ocpi-emsp/postgres</c> for root, whose home the <c>postgres</c> OS user cannot reach.
    /// </summary>
    public static string DefaultDataDirectory()
    {
        if (PostgresOsUser.IsRequired)
        {
            return "/var/lib/ocpi-emsp/postgres";
        }

        var baseDirectory = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(baseDirectory))
        {
            baseDirectory = Path.Combine(Path.GetTempPath(), Environment.UserName);
        }

        return Path.Combine(baseDirectory, "ocpi-emsp", "postgres");
    }
}
