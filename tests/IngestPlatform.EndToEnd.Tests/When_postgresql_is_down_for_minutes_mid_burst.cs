using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// Too long for CI: run by tests/soak.sh (tests/run.sh excludes <c>Category=Soak</c>). The outage lasts
/// <c>INGEST_SOAK_PG_OUTAGE_S</c> seconds (default 300) and the burst is <c>INGEST_SOAK_FILES</c> files (default 1000).
/// </summary>
[Collection(InfrastructureCollection.Name)]
[Trait("Category", "Soak")]
public class When_postgresql_is_down_for_minutes_mid_burst(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public Task Should_store_every_file_once_with_no_fault_and_no_dead_letter() =>
        PostgresOutage.RunAsync(broker, output, files: SoakSetting.Get("INGEST_SOAK_FILES", 1000),
            outage: TimeSpan.FromSeconds(SoakSetting.Get("INGEST_SOAK_PG_OUTAGE_S", 300)));
}
