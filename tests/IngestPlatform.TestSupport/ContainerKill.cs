using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace IngestPlatform.TestSupport;

/// <summary>
/// SIGKILL to a Testcontainer's main process, through the engine Testcontainers itself talks to (Docker, or podman's
/// socket via <c>DOCKER_HOST</c>): Testcontainers only stops containers, which sends SIGTERM first and lets the server
/// shut down cleanly. The container is left exited, so its <c>StartAsync</c> starts it again on its data.
/// </summary>
public static class ContainerKill
{
    public static async Task KillAsync(IContainer container)
    {
        using var client = TestcontainersSettings.OS.DockerEndpointAuthConfig.GetDockerClientBuilder(Guid.NewGuid()).Build();
        await client.Containers.KillContainerAsync(container.Id, new ContainerKillParameters { Signal = "KILL" });
        // The engine returns once the signal is sent; the container has exited when the engine says it is not running.
        await Eventually.WaitForAsync(async () => (await client.Containers.InspectContainerAsync(container.Id)).State?.Running ?? false, running => !running,
            TimeSpan.FromSeconds(60), $"container {container.Name} to exit");
    }
}
