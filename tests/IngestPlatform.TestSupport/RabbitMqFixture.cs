using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using Testcontainers.RabbitMq;

namespace IngestPlatform.TestSupport;

/// <summary>
/// One RabbitMQ for the test run: the server named by <c>INGEST_TEST_RABBITMQ</c> (an AMQP URI such as
/// <c>amqp://guest:guest@127.0.0.1:5672</c>; its management API at <c>INGEST_TEST_RABBITMQ_MANAGEMENT</c>,
/// default port 15672 on the same host), else a Testcontainer. Each test takes its own virtual host,
/// so tests never see each other's queues.
/// </summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    public const string AmqpVariable = "INGEST_TEST_RABBITMQ";
    public const string ManagementVariable = "INGEST_TEST_RABBITMQ_MANAGEMENT";

    private RabbitMqContainer? _container;
    private HttpClient _management = null!;

    /// <summary>True when the fixture started a Testcontainer (no server configured), as the container tests require.</summary>
    public bool StartedContainer => _container is not null;

    public string Host { get; private set; } = "";

    public int Port { get; private set; }

    public string Username { get; private set; } = "";

    public string Password { get; private set; } = "";

    /// <summary>The management API's base address, for a service under test that reads it (the dashboard).</summary>
    public Uri? ManagementUri { get; private set; }

    public async Task InitializeAsync()
    {
        Uri amqp;
        Uri management;
        if (Environment.GetEnvironmentVariable(AmqpVariable) is { Length: > 0 } configured)
        {
            amqp = new Uri(configured);
            management = new Uri(Environment.GetEnvironmentVariable(ManagementVariable) is { Length: > 0 } m
                ? m
                : $"http://{amqp.Host}:15672");
        }
        else
        {
            _container = new RabbitMqBuilder(TestImages.RabbitMq).WithPortBinding(15672, true).Build();
            await _container.StartAsync();
            amqp = new Uri(_container.GetConnectionString());
            management = new Uri($"http://{_container.Hostname}:{_container.GetMappedPublicPort(15672)}");
        }

        Host = amqp.Host;
        Port = amqp.Port > 0 ? amqp.Port : 5672;
        var credentials = Uri.UnescapeDataString(amqp.UserInfo).Split(':', 2);
        Username = credentials is [{ Length: > 0 } user, ..] ? user : "guest";
        Password = credentials.Length == 2 ? credentials[1] : "guest";
        ManagementUri = management;
        _management = new HttpClient { BaseAddress = management };
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));
    }

    /// <summary>A new, empty virtual host with full rights for the fixture's user.</summary>
    public async Task<BrokerVirtualHost> CreateVirtualHostAsync()
    {
        var name = $"test-{Guid.NewGuid():N}";
        (await _management.PutAsync($"api/vhosts/{name}", null)).EnsureSuccessStatusCode();
        (await _management.PutAsJsonAsync(
            $"api/permissions/{name}/{Uri.EscapeDataString(Username)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new BrokerVirtualHost(Host, Port, name, Username, Password);
    }

    public async Task DeleteVirtualHostAsync(BrokerVirtualHost vhost) =>
        await _management.DeleteAsync($"api/vhosts/{vhost.VirtualHost}");

    /// <summary>The queues of a virtual host as the management API sees them (its figures lag a few seconds).</summary>
    public async Task<IReadOnlyList<QueueState>> GetQueuesAsync(BrokerVirtualHost vhost) =>
        await _management.GetFromJsonAsync<List<QueueState>>($"api/queues/{vhost.VirtualHost}") ?? [];

    public async Task DisposeAsync()
    {
        _management?.Dispose();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}

/// <summary>Where a test's services connect: a virtual host of its own.</summary>
public sealed record BrokerVirtualHost(string Host, int Port, string VirtualHost, string Username, string Password)
{
    /// <summary>The services' configuration, as environment variables (RabbitMqOptions).</summary>
    public IReadOnlyDictionary<string, string> ToEnvironment() => new Dictionary<string, string>
    {
        ["RabbitMq__Host"] = Host,
        ["RabbitMq__Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RabbitMq__VirtualHost"] = VirtualHost,
        ["RabbitMq__Username"] = Username,
        ["RabbitMq__Password"] = Password,
    };
}

public sealed record QueueState(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("messages")] long Messages,
    [property: JsonPropertyName("consumers")] int Consumers,
    [property: JsonPropertyName("type")] string? Type = null,
    [property: JsonPropertyName("auto_delete")] bool AutoDelete = false);
