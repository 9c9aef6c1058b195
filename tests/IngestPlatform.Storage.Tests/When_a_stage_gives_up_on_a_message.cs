using IngestPlatform.Contracts;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Storage.Tests;

[Collection(StorageCollection.Name)]
public class When_a_stage_gives_up_on_a_message(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_record_the_fault_in_ingest_failures_not_only_in_the_error_queue()
    {
        await using var services = await ServicesUnderTest.CreateAsync(broker, server, output);
        // The normalizer runs alone first: its fault must wait in storage-faults until storage comes.
        await services.StartAsync("IngestPlatform.Normalizer", "normalizer");

        // A malformed message from a foreign or buggy publisher: the normalizer throws on it, retries, gives up.
        await services.Bus.Publish(new FileDiscovered(null!, []));
        await services.WaitForQueueAsync(q => q is { Name: "normalizer_error", Messages: 1 }, "the message in normalizer_error");

        await services.StartAsync("IngestPlatform.Storage", "storage-faults");
        var failures = await Eventually.WaitForAsync(services.Database.FailuresAsync, f => f.Count >= 1, TimeSpan.FromSeconds(60),
            "the fault in ingest_failures", () => services.Logs);

        var fault = Assert.Single(failures);
        Assert.Equal(("normalizer", "fault"), (fault.Stage, fault.Kind));
        Assert.Contains("Exception", fault.Reason, StringComparison.Ordinal);
    }
}
