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
        var vhost = await broker.CreateVirtualHostAsync();
        await using var database = await StorageDatabase.CreateAsync(server);
        var environment = new Dictionary<string, string>(vhost.ToEnvironment()) { ["ConnectionStrings__Ingest"] = database.ConnectionString };
        // The normalizer runs alone first: its fault must wait in storage-faults until storage comes.
        await using var normalizer = ServiceProcess.Start("IngestPlatform.Normalizer", environment);
        try
        {
            await BusClient.WaitForConsumerAsync(broker, vhost, "normalizer", normalizer);
            var bus = await BusClient.StartAsync(vhost);
            try
            {
                // A malformed message from a foreign or buggy publisher: the normalizer throws on it, retries, gives up.
                var broken = new FileDiscovered(null!, []);
                await bus.Publish(broken);
                await Eventually.WaitForAsync(
                    () => broker.GetQueuesAsync(vhost), q => q.Any(x => x.Name == "normalizer_error" && x.Messages == 1),
                    TimeSpan.FromSeconds(60), "the message in normalizer_error", () => normalizer.Output);

                await using var storage = ServiceProcess.Start("IngestPlatform.Storage", environment);
                var failures = await Eventually.WaitForAsync(database.FailuresAsync, f => f.Count >= 1, TimeSpan.FromSeconds(60),
                    "the fault in ingest_failures", () => normalizer.Output + storage.Output);

                var fault = Assert.Single(failures);
                Assert.Equal(("normalizer", "fault"), (fault.Stage, fault.Kind));
                Assert.Contains("Exception", fault.Reason, StringComparison.Ordinal);
            }
            finally
            {
                await bus.StopAsync();
            }
        }
        finally
        {
            output.WriteLine(normalizer.Output);
            await broker.DeleteVirtualHostAsync(vhost);
        }
    }
}
