namespace Ocpi.Emsp.Hosting;

/// <summary>
/// Session settings (sent at connection start, in Npgsql's <c>Options</c>) that let PostgreSQL end the sessions of a
/// node that died, and with them the advisory locks that elect the async daemon's leader and any row locks:
/// <list type="bullet">
/// <item><c>client_connection_check_interval</c>: a backend busy in a statement reads its socket only when the
/// statement ends; this makes it look every second, so a killed process's statement is cut short. An idle backend
/// notices a closed socket at once without it.</item>
/// <item><c>tcp_keepalives_*</c>: when the node's machine or network dies no FIN ever arrives, and an idle backend
/// waits for the operating system's keepalive (two hours by default on Linux). Probes after 10 s idle, 3 unanswered
/// probes 5 s apart end the session about 25 s after the last packet.</item>
/// </list>
/// Needs PostgreSQL 14 or later on a platform that supports the check (Linux, macOS). A setting the operator already
/// put in the connection string's <c>Options</c> wins (e.g. <c>-c client_connection_check_interval=0</c>).
/// </summary>
public static class DeadNodeDetection
{
    public static readonly IReadOnlyList<(string Name, string Value)> Settings =
    [
        ("client_connection_check_interval", "1000"),
        ("tcp_keepalives_idle", "10"),
        ("tcp_keepalives_interval", "5"),
        ("tcp_keepalives_count", "3"),
    ];

    public static string Apply(string connectionString) => SessionSettings.With(connectionString, Settings);
}
