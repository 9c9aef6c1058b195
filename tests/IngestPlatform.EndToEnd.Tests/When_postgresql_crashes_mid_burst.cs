using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>
/// PostgreSQL killed mid-burst of 1,000 files, once the first are stored (SIGKILL to the postmaster and every backend, as the OOM killer does; see
/// <see cref="PostgresNode.KillAsync"/>) and started 20 s later through crash recovery: a batch may die mid-COPY or
/// mid-commit, and storage cannot know whether a commit it sent landed. Every file must be stored once (a batch that
/// did commit is absorbed as duplicates when redelivered), with no failure recorded and nothing dead-lettered.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public class When_postgresql_crashes_mid_burst(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public Task Should_store_every_file_once_with_no_fault_and_no_dead_letter() =>
        PostgresOutage.RunAsync(broker, output, files: 1000, outage: TimeSpan.FromSeconds(20), PostgresOutage.Fault.Crash);
}
