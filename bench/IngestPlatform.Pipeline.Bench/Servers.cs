using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IngestPlatform.TestSupport;
using Npgsql;

namespace IngestPlatform.Pipeline.Bench;

/// <summary>
/// The shared RabbitMQ and PostgreSQL, as the tests reach them (<c>INGEST_TEST_RABBITMQ</c>,
/// <c>INGEST_TEST_RABBITMQ_MANAGEMENT</c>, <c>INGEST_TEST_POSTGRES</c>): the bench takes a virtual host and a
/// database of its own on them and never touches anything else. Both must run on this machine, since their
/// CPU time is read from <c>/proc</c>.
/// </summary>
internal sealed class Servers(RabbitMqFixture broker, PostgresFixture postgres, HttpClient management, string adminConnectionString)
    : IAsyncDisposable
{
    public RabbitMqFixture Broker { get; } = broker;

    public PostgresFixture Postgres { get; } = postgres;

    public string AdminConnectionString { get; } = adminConnectionString;

    public static async Task<Servers> ConnectAsync()
    {
        var amqp = Environment.GetEnvironmentVariable(RabbitMqFixture.AmqpVariable);
        var postgres = Environment.GetEnvironmentVariable(PostgresFixture.Variable);
        if (string.IsNullOrEmpty(amqp) || string.IsNullOrEmpty(postgres))
        {
            throw new InvalidOperationException(
                $"Set {RabbitMqFixture.AmqpVariable}, {RabbitMqFixture.ManagementVariable} and {PostgresFixture.Variable} to the local servers " +
                "(the bench reads their processes' CPU time from /proc, so they must run on this machine).");
        }

        var uri = new Uri(amqp);
        var management = new Uri(Environment.GetEnvironmentVariable(RabbitMqFixture.ManagementVariable) is { Length: > 0 } m ? m : $"http://{uri.Host}:15672");
        var credentials = Uri.UnescapeDataString(uri.UserInfo) is { Length: > 0 } info ? info : "guest:guest";
        var client = new HttpClient { BaseAddress = management };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

        var broker = new RabbitMqFixture();
        await broker.InitializeAsync();
        var database = new PostgresFixture();
        await database.InitializeAsync();
        return new Servers(broker, database, client, postgres);
    }

    /// <summary>The broker node's Erlang VM (<c>beam.smp</c>), from the management API.</summary>
    public async Task<int> RabbitMqPidAsync()
    {
        using var nodes = await management.GetFromJsonAsync<JsonDocument>("api/nodes") ?? throw new InvalidOperationException("No nodes.");
        var pid = nodes.RootElement[0].GetProperty("os_pid").GetString()!;
        return int.Parse(pid, CultureInfo.InvariantCulture);
    }

    /// <summary>The postmaster: the parent of this session's backend.</summary>
    public async Task<int> PostmasterPidAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync())!;
        return ProcessStats.ParentOf(backend) ?? throw new InvalidOperationException("PostgreSQL does not run on this machine.");
    }

    /// <summary>PostgreSQL's version and its <c>synchronous_commit</c>, for the report.</summary>
    public async Task<string> PostgresDescriptionAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version') || ', synchronous_commit ' || current_setting('synchronous_commit')", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async Task<string> RabbitMqVersionAsync()
    {
        using var overview = await management.GetFromJsonAsync<JsonDocument>("api/overview") ?? throw new InvalidOperationException("No overview.");
        return overview.RootElement.GetProperty("rabbitmq_version").GetString()!;
    }

    /// <summary>
    /// Per consumer of <paramref name="queue"/>: the local port of its connection and the messages acknowledged on its
    /// channel, and the redeliveries. The management API's figures lag by its statistics interval (5 s by default).
    /// </summary>
    public async Task<IReadOnlyList<ConsumerShare>> ConsumerSharesAsync(BrokerVirtualHost vhost, string queue)
    {
        var name = Uri.EscapeDataString(vhost.VirtualHost);
        using var consumers = await management.GetFromJsonAsync<JsonDocument>($"api/consumers/{name}") ?? throw new InvalidOperationException("No consumers.");
        using var channels = await management.GetFromJsonAsync<JsonDocument>($"api/vhosts/{name}/channels") ?? throw new InvalidOperationException("No channels.");
        var stats = channels.RootElement.EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!,
            c => c.TryGetProperty("message_stats", out var s) ? (Count(s, "ack"), Count(s, "redeliver")) : (0L, 0L),
            StringComparer.Ordinal);
        return [.. consumers.RootElement.EnumerateArray()
            .Where(c => c.GetProperty("queue").GetProperty("name").GetString() == queue)
            .Select(c =>
            {
                var channel = c.GetProperty("channel_details");
                var (acks, redelivered) = stats.GetValueOrDefault(channel.GetProperty("name").GetString()!);
                return new ConsumerShare(channel.GetProperty("peer_port").GetInt32(), acks, redelivered);
            })];

        static long Count(JsonElement stats, string key) => stats.TryGetProperty(key, out var v) ? v.GetInt64() : 0;
    }

    public async ValueTask DisposeAsync()
    {
        management.Dispose();
        await Broker.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

internal sealed record ConsumerShare(int LocalPort, long Acknowledged, long Redelivered);
