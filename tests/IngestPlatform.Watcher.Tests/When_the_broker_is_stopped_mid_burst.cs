using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// The broker itself stopped in full (<c>rabbitmqctl stop</c>: the node's process exits, every connection closes)
/// and a new node process started on the same ports and data, on a RabbitMQ of the test's own (the shared one
/// serves the tests running in parallel). <see cref="When_the_broker_goes_away_mid_burst"/> covers a cut network.
/// In the broker collection although it has a broker of its own: starting a RabbitMQ node takes both cores for
/// a few seconds, which the other watcher processes' timing should not have to share.
/// </summary>
[Collection(BrokerCollection.Name)]
public class When_the_broker_is_stopped_mid_burst(ITestOutputHelper output)
{
    /// <summary>Set (e.g. by tests/soak.sh) to run the long outage; its length, default 3 minutes, may be given instead of 1.</summary>
    public const string SoakVariable = "INGEST_SOAK_BROKER_OUTAGE";

    [Fact]
    public async Task Should_keep_every_file_in_the_inbox_until_the_broker_is_back_then_deliver_all()
    {
        await RunAsync(TimeSpan.FromSeconds(8));
    }

    [SkippableFact]
    [Trait("Category", "Soak")]
    public async Task Should_deliver_every_file_after_the_broker_was_down_for_minutes()
    {
        var setting = Environment.GetEnvironmentVariable(SoakVariable);
        Skip.If(string.IsNullOrEmpty(setting), $"A soak test: set {SoakVariable}=1 (3 minutes) or to an outage length such as 00:05:00 (tests/soak.sh does).");
        await RunAsync(setting == "1" ? TimeSpan.FromMinutes(3) : TimeSpan.Parse(setting, System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task RunAsync(TimeSpan outage)
    {
        await using var node = await RabbitMqNode.StartAsync();
        await using var inbox = await WatchedInbox.CreateAsync(node, output);
        var watcher = await inbox.StartActiveWatcherAsync(BurstThroughOutage.Settings);

        await BurstThroughOutage.RunAsync(inbox, watcher, node.StopAsync, node.StartAgainAsync, outage, output);
    }
}
