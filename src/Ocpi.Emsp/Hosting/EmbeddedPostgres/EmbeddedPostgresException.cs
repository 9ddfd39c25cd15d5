namespace Ocpi.Emsp.Hosting.EmbeddedPostgres;

/// <summary>The embedded PostgreSQL server could not be prepared, started, reached or stopped.</summary>
public class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException(string message)
        : base(message)
    {
    }

    public EmbeddedPostgresException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
