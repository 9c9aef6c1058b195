using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IngestPlatform.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace IngestPlatform.Compose.Tests;

/// <summary>
/// The shipped docker-compose.yml and deploy/docker/Dockerfile, built and run through the engine at DOCKER_HOST:
/// one platform for the class, its steps in order (each builds on the state the previous one left).
/// </summary>
[Trait("Category", "Containers")]
[TestCaseOrderer(StepOrderer.TypeName, StepOrderer.AssemblyName)]
public class When_the_platform_runs_under_docker_compose(ComposePlatform platform, ITestOutputHelper output)
    : IClassFixture<ComposePlatform>
{
    private static readonly string[] Services = ["rabbitmq", "postgres", "watcher", "normalizer", "language-detector", "storage", "api"];

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [SkippableFact]
    [Step(Number = 1)]
    public async Task Should_build_and_start_every_service_healthy_as_an_unprivileged_user()
    {
        ContainerEngine.Require();
        await platform.UpAsync();
        output.WriteLine($"up --build: {platform.UpDuration!.Value.TotalSeconds:0} s");

        var containers = await WaitForHealthyAsync(Services.ToDictionary(s => s, _ => 1));
        foreach (var container in containers)
        {
            output.WriteLine($"{container}, user '{container.User}', memory limit {container.MemoryLimit / (1024 * 1024)} MB, " +
                $"published on [{string.Join(", ", container.PublishedOn)}]");
        }

        // Hardening: every service has a memory limit, and whatever is published listens on the loopback only.
        Assert.All(containers, c => Assert.True(c.MemoryLimit > 0, $"{c.Name} has no memory limit"));
        Assert.Equal(4, containers.Where(c => c.Service is "rabbitmq" or "postgres" or "api").Sum(c => c.PublishedOn.Count));
        Assert.All(containers.SelectMany(c => c.PublishedOn), ip => Assert.Equal("127.0.0.1", ip));

        Assert.Equal($"{platform.Uid}:{platform.Gid}", Assert.Single(containers, c => c.Service == "watcher").User);
        // The other services run as the image's user (APP_UID 1654 in the official and the stand-in images).
        Assert.All(containers.Where(c => c.Service is "normalizer" or "language-detector" or "storage" or "api"),
            c => Assert.Equal("1654", c.User));
    }

    [SkippableFact]
    [Step(Number = 2)]
    public async Task Should_store_the_seeds_as_five_french_documents_handled_as_the_inbox_owner()
    {
        ContainerEngine.Require();
        var seeds = Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(5, seeds.Length);
        foreach (var seed in seeds)
        {
            platform.Drop(Path.GetFileName(seed), await File.ReadAllBytesAsync(seed));
        }

        // Published beyond the container's loopback, the API answers only with its token.
        using (var anonymous = platform.ApiClient(withToken: false))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("documents", UriKind.Relative))).StatusCode);
        }

        using var api = platform.ApiClient();
        var documents = await Eventually.WaitForAsync(() => DocumentsAsync(api), d => d.Count >= seeds.Length, Patience,
            "five documents through the API", () => platform.Log);
        Assert.Equal(5, documents.Count);
        Assert.All(documents, d => Assert.Equal("fr", d.Language));

        // And in PostgreSQL, through its port published on the loopback with the .env credentials.
        await using (var connection = new NpgsqlConnection(platform.PostgresConnectionString))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM documents WHERE language = 'fr'", connection);
            Assert.Equal(5L, await count.ExecuteScalarAsync());
        }

        // The watcher moved them as the inbox owner (a root-owned folder would have stopped it) and left only its lock.
        var processed = await Eventually.WaitForAsync(
            () => Task.FromResult(Directory.GetFiles(platform.Processed, "*", SearchOption.AllDirectories)),
            p => p.Length >= seeds.Length, Patience, "the seeds in processed/", () => platform.Log);
        Assert.Equal(seeds.Select(Path.GetFileName), processed.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(processed, p => Assert.Equal(platform.Uid, ComposePlatform.OwnerOf(p)));
        var lockFile = Assert.Single(Directory.GetFileSystemEntries(platform.Inbox));
        Assert.Equal(".ingest-watcher.lock", Path.GetFileName(lockFile));
        Assert.Equal(platform.Uid, ComposePlatform.OwnerOf(lockFile));
        Assert.Empty(Directory.GetFileSystemEntries(platform.Failed));
    }

    [SkippableFact]
    [Step(Number = 3)]
    public async Task Should_share_the_work_between_replicas_when_scaled_out()
    {
        ContainerEngine.Require();
        await platform.ComposeAsync(TimeSpan.FromMinutes(5), "up", "-d", "--scale", "language-detector=3", "--scale", "normalizer=2");
        var expected = Services.ToDictionary(s => s, _ => 1);
        expected["language-detector"] = 3;
        expected["normalizer"] = 2;
        await WaitForHealthyAsync(expected);

        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{platform.RabbitMqManagementPort}/api/") };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{platform.RabbitMqUser}:{platform.RabbitMqPassword}")));
        await Eventually.WaitForAsync(() => ConsumerChannelsAsync(management, "language-detector"), c => c.Count == 3, Patience,
            "three consumers on language-detector");
        await Eventually.WaitForAsync(() => ConsumerChannelsAsync(management, "normalizer"), c => c.Count == 2, Patience,
            "two consumers on normalizer");

        // 30 new documents: the seeds, each with a line of its own so storage keeps every one.
        var seeds = Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).ToArray();
        const int copies = 6;
        for (var i = 0; i < copies; i++)
        {
            foreach (var seed in seeds)
            {
                var text = await File.ReadAllTextAsync(seed) + $"\n\nExemplaire numéro {i + 1} de cet article.\n";
                platform.Drop($"copie-{i + 1}-{Path.GetFileName(seed)}", Encoding.UTF8.GetBytes(text));
            }
        }

        using var api = platform.ApiClient();
        var total = seeds.Length * (copies + 1);
        var documents = await Eventually.WaitForAsync(() => DocumentsAsync(api), d => d.Count >= total, Patience,
            $"{total} documents through the API", () => platform.Log);
        Assert.Equal(total, documents.Count);
        Assert.All(documents, d => Assert.Equal("fr", d.Language));

        // Every replica took part: each consumer's channel was delivered messages (the management API's figures lag a few seconds).
        foreach (var (queue, replicas) in new[] { ("language-detector", 3), ("normalizer", 2) })
        {
            var deliveries = await Eventually.WaitForAsync(
                () => DeliveriesPerConsumerAsync(management, queue),
                d => d.Count == replicas && d.Values.Sum() >= seeds.Length * copies, TimeSpan.FromSeconds(60),
                $"delivery counts of {queue}'s consumers");
            output.WriteLine($"{queue}: {string.Join(", ", deliveries.Select(d => $"{d.Key} {d.Value}"))}");
            Assert.All(deliveries.Values, count => Assert.True(count > 0, $"a {queue} replica got no message"));
        }
    }

    [SkippableFact]
    [Step(Number = 4)]
    public async Task Should_leave_no_container_or_volume_after_down()
    {
        ContainerEngine.Require();
        await platform.DownAsync();

        using var engine = ContainerEngine.CreateClient();
        Assert.Empty(await ContainerEngine.ProjectContainersAsync(engine, platform.Project));
        Assert.Empty(await ContainerEngine.ProjectVolumesAsync(engine, platform.Project));
    }

    private async Task<IReadOnlyList<ProjectContainer>> WaitForHealthyAsync(Dictionary<string, int> expected)
    {
        using var engine = ContainerEngine.CreateClient();
        IReadOnlyList<ProjectContainer> last = [];
        return await Eventually.WaitForAsync(
            async () => last = await ContainerEngine.ProjectContainersAsync(engine, platform.Project),
            containers => expected.All(e => containers.Count(c => c.Service == e.Key && c.Health == "healthy") == e.Value)
                && containers.Count == expected.Values.Sum(),
            Patience,
            "every service healthy",
            () => string.Join(Environment.NewLine, last) + Environment.NewLine + platform.Log);
    }

    private static async Task<List<Document>> DocumentsAsync(HttpClient api)
    {
        try
        {
            var page = await api.GetFromJsonAsync<JsonElement>("documents?pageSize=100");
            return [.. page.GetProperty("items").EnumerateArray().Select(d => new Document(
                d.GetProperty("id").GetInt64(), d.GetProperty("title").GetString()!, d.GetProperty("language").GetString()!))];
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    /// <summary>The channels consuming from a queue (one per replica).</summary>
    private static async Task<List<string>> ConsumerChannelsAsync(HttpClient management, string queue)
    {
        var details = await management.GetFromJsonAsync<JsonElement>($"queues/%2F/{queue}");
        return details.TryGetProperty("consumer_details", out var consumers)
            ? [.. consumers.EnumerateArray().Select(c => c.GetProperty("channel_details").GetProperty("name").GetString()!).Distinct()]
            : [];
    }

    /// <summary>Messages delivered so far on each channel consuming from a queue.</summary>
    private static async Task<Dictionary<string, long>> DeliveriesPerConsumerAsync(HttpClient management, string queue)
    {
        var result = new Dictionary<string, long>();
        foreach (var channel in await ConsumerChannelsAsync(management, queue))
        {
            var details = await management.GetFromJsonAsync<JsonElement>($"channels/{Uri.EscapeDataString(channel)}");
            result[channel] = details.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("deliver_get", out var count)
                ? count.GetInt64()
                : 0;
        }

        return result;
    }

    private sealed record Document(long Id, string Title, string Language);
}
