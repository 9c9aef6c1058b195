namespace IngestPlatform.TestSupport;

/// <summary>
/// Container images for the Testcontainers path, pinned in one place and matching docker-compose.yml
/// (deploy/local/containers.sh checks both name the same); never <c>latest</c>, so a test run is the same
/// next year. Without a registry, containers.sh builds local stand-ins under exactly these names
/// (Debian's RabbitMQ 3.10 and PostgreSQL 15, whatever the tag says: deploy/docker/standins/README.md).
/// </summary>
public static class TestImages
{
    public const string RabbitMq = "rabbitmq:3.13.7-management";

    public const string Postgres = "postgres:16.6";
}
