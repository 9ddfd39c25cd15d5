using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Ocpi.Emsp.Tests.Tokens;

/// <summary>
/// A TCP proxy between a service and its PostgreSQL server that a test can cut. Cut, it behaves like a database host
/// that dropped off the network: open connections break, and new ones are accepted but never answered, so whoever waits
/// on the database waits until the link is restored. Only the service behind it sees the outage; the test and the
/// other tests keep talking to the server directly.
/// </summary>
public sealed class CuttableDatabaseLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _forwarded = [];
    private readonly List<TcpClient> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private bool _cut;
    private bool _refuse;

    private CuttableDatabaseLink(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _targetHost = builder.Host!;
        _targetPort = builder.Port;
        _listener.Start();
        _ = AcceptAsync();
    }

    public static CuttableDatabaseLink To(string connectionString) => new(connectionString);

    /// <summary>
    /// The connection string through the link. Opening a connection while it is cut waits for the whole (long) timeout:
    /// an answer that arrives meanwhile did not wait for the database.
    /// </summary>
    public string ConnectionStringThrough(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString)
    {
        Host = "127.0.0.1",
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
        Timeout = 600,
        CommandTimeout = 600,
    }.ConnectionString;

    /// <summary>Connections opened while cut that are waiting for an answer.</summary>
    public int Waiting
    {
        get { lock (_gate) return _held.Count; }
    }

    /// <param name="refuse">New connections are closed at once (a server that is down) instead of left unanswered.</param>
    public void Cut(bool refuse = false)
    {
        lock (_gate)
        {
            _cut = true;
            _refuse = refuse;
            foreach (var client in _forwarded) client.Dispose();
            _forwarded.Clear();
        }
    }

    public void Restore()
    {
        lock (_gate)
        {
            _cut = false;
            // Those who waited get an error now and try again, as after a network outage.
            foreach (var client in _held) client.Dispose();
            _held.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            lock (_gate)
            {
                if (_cut)
                {
                    if (_refuse) client.Dispose();
                    else _held.Add(client);
                    continue;
                }
                _forwarded.Add(client);
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            using var _ = client;
            var a = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
            var b = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(a, b);
        }
        catch (Exception)
        {
            // A cut or a closed side ends both directions.
        }
        finally
        {
            lock (_gate) _forwarded.Remove(client);
            client.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Restore();
        lock (_gate)
        {
            foreach (var client in _forwarded) client.Dispose();
            _forwarded.Clear();
        }
        return ValueTask.CompletedTask;
    }
}
