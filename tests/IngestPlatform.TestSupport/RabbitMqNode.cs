using Testcontainers.RabbitMq;
using static IngestPlatform.TestSupport.ExternalCommand;

namespace IngestPlatform.TestSupport;

/// <summary>
/// A RabbitMQ broker of one test's own, which the test may stop and start again: a real broker outage,
/// without touching the shared broker every other test (in this and the other test assemblies, running in
/// parallel) depends on. Where Debian's <c>rabbitmq-server</c> is installed (tests/run.sh installs it) it is a
/// second node of it on free ports; otherwise a Testcontainer on a fixed host port. Either way a stop is a FULL
/// stop, as an operator's <c>rabbitmqctl stop</c> or a crashed host makes it: the Erlang node (or the container)
/// exits, every connection is closed and the port refuses new ones, and a start runs a new node process on the
/// same ports and data directory, so durable queues and their messages are still there. <c>stop_app</c> /
/// <c>start_app</c> would keep the node and its TCP listener half alive and did not reproduce the watcher that
/// never published again after a real restart.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private const string RabbitMqBin = "/usr/lib/rabbitmq/bin";

    private readonly string? _nodeName;
    private readonly string? _directory;
    private readonly RabbitMqContainer? _container;
    private readonly int _distributionPort = FreePort();

    private RabbitMqNode(int port, string? nodeName, string? directory, RabbitMqContainer? container)
    {
        Port = port;
        _nodeName = nodeName;
        _directory = directory;
        _container = container;
        Network = container is null && PortCut.Available ? new PortCut(port) : null;
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
            await File.WriteAllTextAsync(Path.Combine(node._directory!, "enabled_plugins"), "[].");
            await RunAsync("chown", ["-R", "rabbitmq:rabbitmq", node._directory!]);
            await node.StartLocalNodeAsync();
            return node;
        }

        var port = FreePort();
        var container = new RabbitMqBuilder(TestImages.RabbitMq).WithPortBinding(port, 5672)
            .WithUsername("guest").WithPassword("guest").Build();
        await container.StartAsync();
        return new RabbitMqNode(port, null, null, container);
    }

    /// <summary>
    /// Stops the whole broker (<c>rabbitmqctl stop</c>, returning once the node's process has exited): its connections
    /// close and its port refuses new ones; durable queues keep their messages on disk.
    /// </summary>
    public async Task StopAsync()
    {
        if (_container is not null)
        {
            await _container.StopAsync();
            return;
        }

        await CtlAsync("stop");
        await WaitUntilGoneAsync();
    }

    /// <summary>
    /// Crashes the broker: SIGKILL to its Erlang VM (or its container), as the OOM killer or a lost host does. Nothing
    /// runs on the way down: no connection is closed cleanly and nothing is flushed that was not already on disk, so
    /// what survives is what RabbitMQ had made durable, which for a persistent message it confirmed includes it.
    /// Returns once the node no longer answers; <see cref="StartAgainAsync"/> recovers it from its data directory.
    /// </summary>
    public async Task KillAsync()
    {
        if (_container is not null)
        {
            await ContainerKill.KillAsync(_container);
            return;
        }

        var (code, output) = await RunAsRabbitMqWithOutputAsync($"{RabbitMqBin}/rabbitmqctl -n {_nodeName} eval 'list_to_integer(os:getpid()).'");
        var pid = code == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() : null;
        if (!int.TryParse(pid, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw new InvalidOperationException($"the OS process of RabbitMQ node {_nodeName} was not found: {output}");
        }

        await RunAsync("kill", ["-9", pid!]);
        await WaitUntilGoneAsync();
    }

    // No pid file to wait on: RabbitMQ 3.10 started -detached does not write RABBITMQ_PID_FILE, and `stop <pid_file>`
    // then waits for it forever. The node is gone once it no longer answers a ping.
    private Task WaitUntilGoneAsync() =>
        Eventually.WaitForAsync(async () => await TryCtlAsync("ping"), answers => !answers, TimeSpan.FromSeconds(60),
            $"RabbitMQ node {_nodeName} to be down");

    /// <summary>Starts a new node process on the same ports and data directory, and returns once it accepts clients.</summary>
    public async Task StartAgainAsync()
    {
        if (_container is null)
        {
            await StartLocalNodeAsync();
        }
        else
        {
            await _container.StartAsync();
        }
    }

    /// <summary>
    /// Raises or clears one of RabbitMQ's resource alarms: <c>memory</c> (the high watermark set to one byte) or
    /// <c>disk</c> (the free-disk limit set to a petabyte). While an alarm is in effect the broker blocks every
    /// publishing connection (<c>connection.blocked</c>), as it does when a flood fills its memory or disk. Returns
    /// once the node reports the alarm in effect, or cleared.
    /// </summary>
    public async Task SetAlarmAsync(string alarm, bool raised)
    {
        var command = (alarm, raised) switch
        {
            ("memory", true) => "set_vm_memory_high_watermark absolute 1",
            ("memory", false) => "set_vm_memory_high_watermark 0.4",
            ("disk", true) => "set_disk_free_limit 1000000GB",
            ("disk", false) => "set_disk_free_limit 50MB",
            _ => throw new ArgumentOutOfRangeException(nameof(alarm), alarm, "memory or disk"),
        };
        if (_container is not null)
        {
            await _container.ExecAsync(["rabbitmqctl", .. command.Split(' ')]);
            await Eventually.WaitForAsync(
                async () => (await _container.ExecAsync(["rabbitmq-diagnostics", "-q", "check_local_alarms"])).ExitCode != 0,
                inEffect => inEffect == raised, TimeSpan.FromSeconds(60), $"the {alarm} alarm {(raised ? "in effect" : "cleared")}");
            return;
        }

        await CtlAsync(command);
        // check_local_alarms fails while any alarm is in effect.
        await Eventually.WaitForAsync(
            async () => await RunAsRabbitMqAsync($"{RabbitMqBin}/rabbitmq-diagnostics -q -n {_nodeName} check_local_alarms", mayFail: true) != 0,
            inEffect => inEffect == raised, TimeSpan.FromSeconds(60), $"the {alarm} alarm {(raised ? "in effect" : "cleared")}");
    }

    /// <summary>The network between the node and its clients, which a test may cut; null where it cannot (<see cref="PortCut"/>).</summary>
    public PortCut? Network { get; }

    /// <summary>The node's queues (<c>rabbitmqctl list_queues</c>: this node has no management plugin).</summary>
    public async Task<IReadOnlyList<QueueState>> GetQueuesAsync()
    {
        string json;
        if (_container is null)
        {
            var (code, output) = await RunAsRabbitMqWithOutputAsync(
                $"{RabbitMqBin}/rabbitmqctl -n {_nodeName} list_queues name messages consumers --formatter json --quiet");
            if (code != 0)
            {
                throw new InvalidOperationException($"rabbitmqctl list_queues failed: {output}");
            }

            json = output;
        }
        else
        {
            var result = await _container.ExecAsync(["rabbitmqctl", "list_queues", "name", "messages", "consumers", "--formatter", "json", "--quiet"]);
            json = result.Stdout;
        }

        return System.Text.Json.JsonSerializer.Deserialize<List<QueueState>>(json) ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
            return;
        }

        if (Network is not null)
        {
            await Network.DisposeAsync();
        }

        // Stopped already when a test ended mid-outage: nothing to stop then.
        await TryCtlAsync("stop");
        Directory.Delete(_directory!, recursive: true);
    }

    private async Task StartLocalNodeAsync()
    {
        // The node runs as the rabbitmq user (with its Erlang cookie, so rabbitmqctl can reach it) and keeps
        // its database and logs in a directory of its own; no plugins, so no port but its AMQP one is taken.
        // The same name, ports and directory on every start: a restart, not a new broker.
        await RunAsRabbitMqAsync(
            $"RABBITMQ_NODENAME={_nodeName} RABBITMQ_NODE_PORT={Port} RABBITMQ_DIST_PORT={_distributionPort} " +
            $"RABBITMQ_MNESIA_BASE={_directory}/mnesia RABBITMQ_LOG_BASE={_directory}/log " +
            $"RABBITMQ_ENABLED_PLUGINS_FILE={_directory}/enabled_plugins " +
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

    private static Task<int> RunAsRabbitMqAsync(string command, bool mayFail = false)
    {
        var (file, arguments) = AsRabbitMq(command);
        return RunAsync(file, arguments, mayFail);
    }

    private static Task<(int Code, string Output)> RunAsRabbitMqWithOutputAsync(string command)
    {
        var (file, arguments) = AsRabbitMq(command);
        return RunWithOutputAsync(file, arguments);
    }

    // The node's files belong to the rabbitmq user; under root the tools run as it, with its home for the cookie.
    private static (string File, string[] Arguments) AsRabbitMq(string command) =>
        Environment.IsPrivilegedProcess
            ? ("su", ["rabbitmq", "-s", "/bin/sh", "-c", $"cd /var/lib/rabbitmq && HOME=/var/lib/rabbitmq {command}"])
            : ("/bin/sh", ["-c", command]);
}
