namespace Ocpi.Emsp.Hosting.EmbeddedPostgres;

/// <summary>No directory holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c> was found.</summary>
public sealed class PostgresBinariesNotFoundException : EmbeddedPostgresException
{
    public PostgresBinariesNotFoundException(IReadOnlyList<string> searchedDirectories)
        : base(Describe(searchedDirectories))
    {
        SearchedDirectories = searchedDirectories;
    }

    /// <summary>Every directory that was looked in, in search order.</summary>
    public IReadOnlyList<string> SearchedDirectories { get; }

    private static string Describe(IReadOnlyList<string> searched)
    {
        var where = searched.Count == 0
            ? "  (no candidate directories)"
            : string.Join(Environment.NewLine, searched.Select(d => "  " + d));
        return
            "No PostgreSQL server binaries (initdb, pg_ctl, postgres) were found, so the embedded database cannot start. " +
            "Looked in:" + Environment.NewLine + where + Environment.NewLine +
            "Fix it in one of these ways:" + Environment.NewLine +
            "  - install PostgreSQL: `apt-get install -y postgresql` on Debian/Ubuntu, `brew install postgresql` on macOS;" + Environment.NewLine +
            "  - point at the directory holding initdb, pg_ctl and postgres with the setting Emsp:EmbeddedDatabase:BinDirectory " +
            "(environment variable Emsp__EmbeddedDatabase__BinDirectory);" + Environment.NewLine +
            "  - use an existing PostgreSQL server instead: set ConnectionStrings:Marten " +
            "(environment variable ConnectionStrings__Marten), and no embedded server is started.";
    }
}
