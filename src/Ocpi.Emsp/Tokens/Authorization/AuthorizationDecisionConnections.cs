using Npgsql;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Storage;

namespace Ocpi.Emsp.Tokens;

/// <summary>
/// The authorization recorder's own connections: commits do not wait for the WAL flush (synchronous_commit off, set at
/// connection start, so nothing is set per batch and no pooled connection carries the setting to other writes). A
/// decision is stored after its answer anyway; waiting for the disk would only slow the recorder down.
/// </summary>
public sealed class AuthorizationDecisionConnections(string connectionString)
    : DedicatedConnections(new NpgsqlConnectionStringBuilder(SessionSettings.Overriding(connectionString, [("synchronous_commit", "off")])));
