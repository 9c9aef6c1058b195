namespace IngestPlatform.TestSupport;

/// <summary>
/// Container images for the Testcontainers path (machines with Docker), pinned in one place and
/// matching docker-compose.yml; never <c>latest</c>, so a test run is the same next year.
/// </summary>
public static class TestImages
{
    public const string RabbitMq = "rabbitmq:3.13.7-management";

    public const string Postgres = "postgres:16.6";
}
