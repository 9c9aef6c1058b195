using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace IngestPlatform.Compose.Tests;

/// <summary>
/// The container engine the tests use: the one <c>DOCKER_HOST</c> names (podman's Docker-compatible socket from
/// deploy/local/containers.sh, or Docker's). Talks to its API directly, since the Docker CLI may not exist.
/// </summary>
public static class ContainerEngine
{
    /// <summary>Set by tests/run.sh's container phase: a missing engine fails the tests instead of skipping them.</summary>
    public const string RequiredVariable = "INGEST_TEST_CONTAINERS_REQUIRED";

    public static string? DockerHost => Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : null;

    /// <summary>Skips (or fails, when the container phase requires it) unless an engine is named and the fixtures have no server configured.</summary>
    public static void Require()
    {
        var missing = DockerHost is null
            ? "DOCKER_HOST is not set (tests/run.sh sets it: deploy/local/containers.sh)"
            : Environment.GetEnvironmentVariable("INGEST_TEST_RABBITMQ") is { Length: > 0 }
              || Environment.GetEnvironmentVariable("INGEST_TEST_POSTGRES") is { Length: > 0 }
                ? "INGEST_TEST_RABBITMQ/INGEST_TEST_POSTGRES are set, so the fixtures would not start containers"
                : null;
        if (missing is not null && Environment.GetEnvironmentVariable(RequiredVariable) == "1")
        {
            throw new InvalidOperationException($"The container tests must run here, but {missing}.");
        }

        Skip.If(missing is not null, $"Container tests skipped: {missing}.");
    }

    /// <summary>An HTTP client on the engine's API (unix socket only: podman's and Docker's default).</summary>
    public static HttpClient CreateClient()
    {
        var host = DockerHost ?? throw new InvalidOperationException("DOCKER_HOST is not set.");
        if (!host.StartsWith("unix://", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"DOCKER_HOST {host}: only unix:// sockets are supported by these tests.");
        }

        var socket = host["unix://".Length..];
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                return new NetworkStream(s, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://engine/v1.41/") };
    }

    /// <summary>The containers (running or not) of a compose project, with their compose service and health.</summary>
    public static async Task<IReadOnlyList<ProjectContainer>> ProjectContainersAsync(HttpClient engine, string project)
    {
        var filters = Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]>
        {
            ["label"] = [$"com.docker.compose.project={project}"],
        }));
        var list = await engine.GetFromJsonAsync<JsonElement>($"containers/json?all=true&filters={filters}");
        var result = new List<ProjectContainer>();
        foreach (var summary in list.EnumerateArray())
        {
            var id = summary.GetProperty("Id").GetString()!;
            var detail = await engine.GetFromJsonAsync<JsonElement>($"containers/{id}/json");
            var state = detail.GetProperty("State");
            var health = state.TryGetProperty("Health", out var h) && h.ValueKind == JsonValueKind.Object
                && h.TryGetProperty("Status", out var status) ? status.GetString() ?? "" : "";
            var labels = detail.GetProperty("Config").GetProperty("Labels");
            var hostConfig = detail.GetProperty("HostConfig");
            var published = hostConfig.TryGetProperty("PortBindings", out var bindings) && bindings.ValueKind == JsonValueKind.Object
                ? bindings.EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.Array)
                    .SelectMany(p => p.Value.EnumerateArray())
                    .Where(b => b.TryGetProperty("HostPort", out var port) && port.GetString() is { Length: > 0 })
                    .Select(b => b.TryGetProperty("HostIp", out var ip) ? ip.GetString() ?? "" : "")
                    .ToList()
                : [];
            result.Add(new ProjectContainer(
                id,
                detail.GetProperty("Name").GetString()!.TrimStart('/'),
                labels.GetProperty("com.docker.compose.service").GetString()!,
                state.GetProperty("Status").GetString()!,
                health,
                detail.GetProperty("Config").GetProperty("User").GetString() ?? "",
                hostConfig.TryGetProperty("Memory", out var memory) ? memory.GetInt64() : 0,
                published));
        }

        return result;
    }

    /// <summary>
    /// Removes the images compose built for a project (named after it), keeping their untagged parents: the
    /// build cache the next run starts from.
    /// </summary>
    public static async Task RemoveProjectImagesAsync(HttpClient engine, string project)
    {
        var images = await engine.GetFromJsonAsync<JsonElement>("images/json");
        foreach (var image in images.EnumerateArray())
        {
            var tags = image.TryGetProperty("RepoTags", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
                : [];
            foreach (var tag in tags.Where(x => x.Split('/')[^1].StartsWith(project, StringComparison.Ordinal)))
            {
                (await engine.DeleteAsync($"images/{Uri.EscapeDataString(tag)}?noprune=true")).EnsureSuccessStatusCode();
            }
        }
    }

    /// <summary>The volumes a compose project created.</summary>
    public static async Task<IReadOnlyList<string>> ProjectVolumesAsync(HttpClient engine, string project)
    {
        var filters = Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]>
        {
            ["label"] = [$"com.docker.compose.project={project}"],
        }));
        var list = await engine.GetFromJsonAsync<JsonElement>($"volumes?filters={filters}");
        return list.TryGetProperty("Volumes", out var volumes) && volumes.ValueKind == JsonValueKind.Array
            ? [.. volumes.EnumerateArray().Select(v => v.GetProperty("Name").GetString()!)]
            : [];
    }
}

/// <param name="PublishedOn">The host addresses of its published ports (empty: all of the host's).</param>
public sealed record ProjectContainer(
    string Id, string Name, string Service, string State, string Health, string User, long MemoryLimit, IReadOnlyList<string> PublishedOn)
{
    public override string ToString() => $"{Name} ({Service}): {State}{(Health.Length > 0 ? $", {Health}" : "")}";
}
