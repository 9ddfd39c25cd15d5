using System.Security.Cryptography;
using Npgsql;

namespace Ocpi.Emsp.Hosting;

/// <summary>
/// The application_name of every connection of a service instance, "Ocpi.Emsp {role} [{instance}]": pg_stat_activity
/// shows which node holds which connection for what, and <c>views rebuild</c> sees that service nodes are connected
/// (and which of them is itself). An Application Name set in the connection string is kept as it is.
/// </summary>
public static class ConnectionNames
{
    public const string Prefix = "Ocpi.Emsp ";

    /// <summary>A new instance tag: one per service host, so that two hosts in one process are told apart too.</summary>
    public static string NewInstance() => Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();

    public static string Named(string connectionString, string role, string instance)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.ApplicationName)) return connectionString;
        builder.ApplicationName = $"{Prefix}{role} [{instance}]";
        return builder.ConnectionString;
    }

    /// <summary>The instance tag of a name given by <see cref="Named"/> ("[a1b2c3d4]"), or null for a name set by an operator.</summary>
    public static string? InstanceTag(string? applicationName) =>
        applicationName is not null && applicationName.StartsWith(Prefix, StringComparison.Ordinal) && applicationName.EndsWith(']')
            && applicationName.LastIndexOf('[') is var open and >= 0 ? applicationName[open..] : null;
}
