using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Testcontainers.RabbitMq;

namespace IngestPlatform.TestSupport;

/// <summary>
/// A RabbitMQ broker of one test's own, which the test may stop and start again: a real broker outage,
/// without touching the shared broker every other test (in this and the other test assemblies, running in
/// parallel) depends on. Where Debian's <c>rabbitmq-server</c> is installed (tests/run.sh installs it) it is a
/// second node of it on free ports, stopped and started with <c>rabbitmqctl stop_app</c> / <c>start_app</c>;
/// otherwise a Testcontainer on a fixed host port, stopped and started with the container.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private const string RabbitMqBin = "/usr/lib/rabbitmq/bin";

    private readonly string? _nodeName;
    private readonly string? _directory;
    private readonly RabbitMqContainer? _container;

    private RabbitMqNode(int port, string? nodeName, string? directory, RabbitMqContainer? container)
    {
        Port = port;
        _nodeName = nodeName;
        _directory = directory;
        _container = container;
    }

    public int Port { get; }

    /// <summary>Where services connect: the node's default virtual host.</summary>
    public BrokerVirtualHost VirtualHost => new("127.0.0.1", Port, "/", "guest", "guest");

    public static async Task<RabbitMqNode> StartAsync()
    {
        if (File.Exists(Path.Combine(RabbitMqBin, "rabbitmq-server")))
        {
            var node = new RabbitMqNode(
                FreePort(), $"ingest-test-{Environment.ProcessId}-{Guid.NewGuid():N}@localhost",
                Directory.CreateTempSubdirectory("ingest-rabbitmq-node-").FullName, null);
            await node.StartLocalNodeAsync();
            return node;
        }

        var port = FreePort();
        var container = new RabbitMqBuilder(TestImages.RabbitMq).WithPortBinding(port, 5672)
            .WithUsername("guest").WithPassword("guest").Build();
        await container.StartAsync();
        return new RabbitMqNode(port, null, null, container);
    }

    /// <summary>Stops the broker: its connections close and its port refuses new ones; durable queues keep their messages.</summary>
    public Task StopAsync() => _container is null ? CtlAsync("stop_app") : _container.StopAsync();

    /// <summary>Starts it again on the same port.</summary>
    public async Task StartAgainAsync()
    {
        if (_container is null)
        {
            await CtlAsync("start_app");
            await CtlAsync("await_startup");
        }
        else
        {
            await _container.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
            return;
        }

        await CtlAsync("stop");
        Directory.Delete(_directory!, recursive: true);
    }

    private async Task StartLocalNodeAsync()
    {
        // The node runs as the rabbitmq user (with its Erlang cookie, so rabbitmqctl can reach it) and keeps
        // its database and logs in a directory of its own; no plugins, so no port but its AMQP one is taken.
        await File.WriteAllTextAsync(Path.Combine(_directory!, "enabled_plugins"), "[].");
        await RunAsync("chown", ["-R", "rabbitmq:rabbitmq", _directory!]);
        await RunAsRabbitMqAsync(
            $"RABBITMQ_NODENAME={_nodeName} RABBITMQ_NODE_PORT={Port} RABBITMQ_DIST_PORT={FreePort()} " +
            $"RABBITMQ_MNESIA_BASE={_directory}/mnesia RABBITMQ_LOG_BASE={_directory}/log " +
            $"RABBITMQ_ENABLED_PLUGINS_FILE={_directory}/enabled_plugins RABBITMQ_PID_FILE={_directory}/pid " +
            $"{RabbitMqBin}/rabbitmq-server -detached");
        // -detached returns before the node has registered itself; await_startup needs it registered.
        await Eventually.WaitForAsync(
            async () => await TryCtlAsync("await_startup"), ok => ok, TimeSpan.FromSeconds(60), $"RabbitMQ node {_nodeName} to start");
    }

    private async Task CtlAsync(string command)
    {
        if (!await TryCtlAsync(command))
        {
            throw new InvalidOperationException($"rabbitmqctl -n {_nodeName} {command} failed");
        }
    }

    private async Task<bool> TryCtlAsync(string command) =>
        await RunAsRabbitMqAsync($"{RabbitMqBin}/rabbitmqctl -n {_nodeName} {command}", mayFail: true) == 0;

    private static Task<int> RunAsRabbitMqAsync(string command, bool mayFail = false) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("su", ["rabbitmq", "-s", "/bin/sh", "-c", $"cd /var/lib/rabbitmq && HOME=/var/lib/rabbitmq {command}"], mayFail)
            : RunAsync("/bin/sh", ["-c", command], mayFail);

    private static async Task<int> RunAsync(string file, string[] arguments, bool mayFail = false)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !mayFail)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }

        return process.ExitCode;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
