using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace IngestPlatform.TestSupport;

/// <summary>
/// A TCP relay between one service and the broker that a test can cut and restore: the service
/// sees exactly what a broker outage looks like on the wire (connections reset, new ones refused)
/// while the shared broker keeps serving every other test running in parallel. Stopping the real
/// RabbitMQ would break those; revoking the vhost's permissions and closing its connections through
/// the management API was the other option, but an access-refused login is a different failure
/// (MassTransit may treat it as fatal) from a broker that is simply gone.
/// </summary>
public sealed class BrokerLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _brokerHost;
    private readonly int _brokerPort;
    private readonly ConcurrentDictionary<TcpClient, TcpClient> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _cut;
    private volatile bool _silent;

    private BrokerLink(string brokerHost, int brokerPort)
    {
        _brokerHost = brokerHost;
        _brokerPort = brokerPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The port services connect to instead of the broker's (host 127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Connections relayed so far, a cut one included.</summary>
    public int ConnectionsAccepted { get; private set; }

    public static BrokerLink Start(string brokerHost, int brokerPort) => new(brokerHost, brokerPort);

    /// <summary>Resets every open connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var (client, broker) in _open)
        {
            Reset(client);
            Reset(broker);
        }

        _open.Clear();
    }

    /// <summary>
    /// Keeps every connection open but delivers nothing more either way: a path that silently drops
    /// packets, where no error ever arrives and only a timeout tells. End it with <see cref="Cut"/>.
    /// </summary>
    public void Silence() => _silent = true;

    public void Restore()
    {
        _silent = false;
        _cut = false;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_cut)
            {
                // As near to "connection refused" as a listening socket gets: reset at once.
                Reset(client);
                continue;
            }

            ConnectionsAccepted++;
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var broker = new TcpClient();
        try
        {
            await broker.ConnectAsync(_brokerHost, _brokerPort, _stop.Token);
            _open[client] = broker;
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            await Task.WhenAny(
                PumpAsync(client.GetStream(), broker.GetStream(), done.Token),
                PumpAsync(broker.GetStream(), client.GetStream(), done.Token));
            await done.CancelAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // A cut or a closed side: the relay ends and both sides are closed below.
        }
        finally
        {
            _open.TryRemove(client, out _);
            Reset(client);
            Reset(broker);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (!_silent)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
        _stop.Dispose();
    }
}
