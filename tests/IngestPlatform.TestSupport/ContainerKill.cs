using DotNet.Testcontainers.Containers;
using static IngestPlatform.TestSupport.ExternalCommand;

namespace IngestPlatform.TestSupport;

/// <summary>
/// SIGKILL to a Testcontainer's main process through the container CLI (<c>docker</c>, or podman's <c>docker</c>
/// command): Testcontainers itself only stops containers, which sends SIGTERM first and lets the server shut down
/// cleanly. The container is left exited, so <c>StartAsync</c> starts it again on its data.
/// </summary>
public static class ContainerKill
{
    public static Task KillAsync(IContainer container) => RunAsync("docker", ["kill", "--signal", "KILL", container.Id]);
}
