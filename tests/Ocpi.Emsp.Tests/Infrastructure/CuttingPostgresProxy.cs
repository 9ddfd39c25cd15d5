using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Ocpi.Emsp.Tests.Infrastructure;

/// <summary>Where the proxy cuts the connection that sends a statement containing its trigger.</summary>
public enum ProxyCut
{
    /// <summary>The statement never reaches the server: the connection is closed instead, so its transaction rolls back.</summary>
    BeforeTheStatement,

    /// <summary>
    /// Everything reaches the server, which commits the batch; the connection is closed when the server's ReadyForQuery
    /// (sent once the batch's implicit transaction committed) arrives, and nothing of the batch's answer is passed on.
    /// </summary>
    AfterTheCommit,
}

/// <summary>
/// A TCP proxy in front of the test PostgreSQL that reads the wire protocol (message type and length) in both
/// directions and, once armed, cuts the next connection that sends a Parse of a statement containing a trigger text.
/// The client must not use TLS and must send statement texts every time (Max Auto Prepare=0): <see cref="ConnectionString"/>.
/// </summary>
public sealed class CuttingPostgresProxy : IAsyncDisposable
{
    private const int SslRequest = 80877103;
    private const int GssEncRequest = 80877104;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly EndPoint _server;
    private readonly byte[] _trigger;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private ProxyCut? _armed;
    private TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CuttingPostgresProxy(string connectionString, string trigger)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var host = target.Host!.Split(',')[0];
        _server = host.StartsWith('/') ? new UnixDomainSocketEndPoint(Path.Combine(host, $".s.PGSQL.{target.Port}"))
            : new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), target.Port);
        _trigger = Encoding.UTF8.GetBytes(trigger);
        _listener.Start();
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
            SslMode = SslMode.Disable,
            GssEncryptionMode = GssEncryptionMode.Disable,
            MaxAutoPrepare = 0,
            ApplicationName = "group commit via proxy",
        }.ConnectionString;
        _ = AcceptAsync();
    }

    /// <summary>The target's connection string, through the proxy.</summary>
    public string ConnectionString { get; }

    /// <summary>Cuts the next connection that sends the trigger; completes when it did.</summary>
    public Task Arm(ProxyCut cut)
    {
        lock (_sockets)
        {
            _armed = cut;
            _cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _cut.Task;
        }
    }

    public int Cuts { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_sockets) foreach (var socket in _sockets) socket.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(_server.AddressFamily, SocketType.Stream, _server is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        lock (_sockets) _sockets.AddRange([client, server]);
        Relay? relay = null;
        try
        {
            await server.ConnectAsync(_server, _stop.Token);
            relay = new Relay(new NetworkStream(client, ownsSocket: true), new NetworkStream(server, ownsSocket: true));
            await Task.WhenAny(ClientToServerAsync(relay), ServerToClientAsync(relay));
        }
        catch (Exception)
        {
            // A closed socket ends the relay; the other side sees the connection end.
        }
        finally
        {
            relay?.Close();
            client.Dispose();
            server.Dispose();
            lock (_sockets) { _sockets.Remove(client); _sockets.Remove(server); }
        }
    }

    private async Task ClientToServerAsync(Relay relay)
    {
        // Untyped messages first: SSL or GSS encryption requests (answered by one byte), then the startup message.
        while (true)
        {
            var message = await ReadUntypedAsync(relay.Client);
            var code = BinaryPrimitives.ReadInt32BigEndian(message.AsSpan(4));
            if (code is SslRequest or GssEncRequest) Interlocked.Increment(ref relay.SingleByteAnswers);
            await relay.Server.WriteAsync(message);
            if (code is not (SslRequest or GssEncRequest)) break;
        }
        while (true)
        {
            var message = await ReadTypedAsync(relay.Client);
            if (message[0] == (byte)'P' && message.AsSpan(5).IndexOf(_trigger) >= 0 && TakeArmed() is { } cut)
            {
                if (cut == ProxyCut.BeforeTheStatement)
                {
                    Cut(relay);
                    return;
                }
                relay.CutAtReadyForQuery = true;
            }
            await relay.Server.WriteAsync(message);
        }
    }

    private async Task ServerToClientAsync(Relay relay)
    {
        var oneByte = new byte[1];
        while (true)
        {
            if (Volatile.Read(ref relay.SingleByteAnswers) > 0)
            {
                await relay.Server.ReadExactlyAsync(oneByte);
                Interlocked.Decrement(ref relay.SingleByteAnswers);
                await relay.Client.WriteAsync(oneByte);
                continue;
            }
            var message = await ReadTypedAsync(relay.Server);
            if (!relay.CutAtReadyForQuery)
            {
                await relay.Client.WriteAsync(message);
                continue;
            }
            if (message[0] != (byte)'Z') continue;
            Cut(relay);
            return;
        }
    }

    private ProxyCut? TakeArmed()
    {
        lock (_sockets)
        {
            var armed = _armed;
            _armed = null;
            return armed;
        }
    }

    private void Cut(Relay relay)
    {
        relay.Close();
        Cuts++;
        _cut.TrySetResult();
    }

    private static async Task<byte[]> ReadUntypedAsync(Stream stream)
    {
        var length = new byte[4];
        await stream.ReadExactlyAsync(length);
        var message = new byte[BinaryPrimitives.ReadInt32BigEndian(length)];
        length.CopyTo(message, 0);
        await stream.ReadExactlyAsync(message.AsMemory(4));
        return message;
    }

    private static async Task<byte[]> ReadTypedAsync(Stream stream)
    {
        var header = new byte[5];
        await stream.ReadExactlyAsync(header);
        var message = new byte[1 + BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1))];
        header.CopyTo(message, 0);
        await stream.ReadExactlyAsync(message.AsMemory(5));
        return message;
    }

    private sealed class Relay(Stream client, Stream server)
    {
        public Stream Client { get; } = client;
        public Stream Server { get; } = server;
        public int SingleByteAnswers;
        public volatile bool CutAtReadyForQuery;

        public void Close()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }
}
