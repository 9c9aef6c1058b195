using System.Net.Sockets;
using IngestPlatform.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Watcher.Inbox;

/// <summary>Tells whether the broker answers right now, independently of MassTransit's own reconnect back-off.</summary>
public interface IBrokerProbe
{
    Task<bool> AnswersAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Opens a TCP connection to the broker, sends the AMQP 0-9-1 protocol header and waits for the first byte of
/// its <c>Connection.Start</c>. A refused or reset connection, or silence for <see cref="Timeout"/>, means the
/// broker is not there. A plain TCP connect would not do: a proxy, a load balancer or a half-dead node accepts
/// connections and then drops them. Used only while publishing is in trouble, so the broker's log gets a
/// "client closed the connection" line per probe only during an outage.
/// </summary>
public sealed class AmqpBrokerProbe(IOptions<RabbitMqOptions> options) : IBrokerProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private static readonly byte[] ProtocolHeader = "AMQP\0\0\u0009\u0001"u8.ToArray();

    public async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(options.Value.Host, options.Value.Port, deadline.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(ProtocolHeader, deadline.Token);
            var answer = new byte[1];
            return await stream.ReadAsync(answer, deadline.Token) == 1;
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
