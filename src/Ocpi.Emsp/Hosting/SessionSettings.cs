using Npgsql;

namespace Ocpi.Emsp.Hosting;

/// <summary>PostgreSQL settings sent at connection start, in Npgsql's <c>Options</c> (<c>-c name=value</c>).</summary>
public static class SessionSettings
{
    /// <summary>The connection string with each setting added, unless its <c>Options</c> already names it (the operator's wins).</summary>
    public static string With(string connectionString, IEnumerable<(string Name, string Value)> settings)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var options = builder.Options ?? "";
        foreach (var (name, value) in settings)
        {
            if (!options.Contains(name, StringComparison.OrdinalIgnoreCase)) options = $"{options} -c {name}={value}".Trim();
        }

        builder.Options = options;
        return builder.ConnectionString;
    }

    /// <summary>The connection string with each setting appended after the operator's: where both name it, ours wins.</summary>
    public static string Overriding(string connectionString, IEnumerable<(string Name, string Value)> settings)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.Join(" ", settings.Select(s => $"-c {s.Name}={s.Value}").Prepend(builder.Options ?? "")).Trim();
        return builder.ConnectionString;
    }
}
