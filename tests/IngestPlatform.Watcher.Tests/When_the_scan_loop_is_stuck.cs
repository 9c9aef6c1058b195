using System.Diagnostics;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// A scan that never ends: here the watcher's test-only pause between listing a file and opening it
/// (<c>Watcher:TestDelayBeforeOpen</c>, an hour), standing for an await that never returns (a hung file system,
/// a library call that ignores its timeout). Every bounded await in the scan is already bounded, so no real
/// broker fault can hold it any more; the liveness check is the net under whatever is left.
/// </summary>
[Collection(BrokerCollection.Name)]
public class When_the_scan_loop_is_stuck(RabbitMqFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_fail_alive_after_StuckAfter_while_a_standby_stays_alive()
    {
        await using var inbox = await WatchedInbox.CreateAsync(broker, output);
        var settings = new Dictionary<string, string>
        {
            ["Watcher__TestDelayBeforeOpen"] = "01:00:00",
            ["Watcher__PublishTimeout"] = "00:00:02",
            ["Watcher__StuckAfter"] = "00:00:05",
        };
        var active = await inbox.StartActiveWatcherAsync(settings);
        var standby = inbox.StartWatcher(settings);
        await inbox.WaitForLogAsync(standby, "Standby: another watcher holds");
        await inbox.WaitForLogAsync(standby, "Now listening on");
        await inbox.WaitForLogAsync(active, "Now listening on");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var activePort = WatchedInbox.HealthPort(active);
        var standbyPort = WatchedInbox.HealthPort(standby);

        // Scanning an empty inbox is progress: alive.
        Assert.Equal(200, (await HttpProbe.GetAsync(http, activePort, "/alive")).Status);

        inbox.Write("stuck.txt", "the scan that takes this file never ends");
        await inbox.WaitForLogAsync(active, "Test delay: opening stuck.txt");
        var stuck = Stopwatch.StartNew();

        var alive = await Eventually.WaitForAsync(() => HttpProbe.GetAsync(http, activePort, "/alive"), a => a.Status != 200,
            TimeSpan.FromSeconds(60), "/alive of the stuck watcher to fail", () => inbox.Logs);
        output.WriteLine($"/alive answered {alive.Status} {alive.Body} {stuck.Elapsed.TotalSeconds:0.0} s after the scan got stuck (StuckAfter 5 s)");
        Assert.Equal(503, alive.Status);
        Assert.InRange(stuck.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60));
        Assert.Equal(503, (await HttpProbe.GetAsync(http, activePort, "/health")).Status);

        // The standby is doing its job by waiting: alive and healthy.
        Assert.Equal(200, (await HttpProbe.GetAsync(http, standbyPort, "/alive")).Status);
        Assert.Equal(200, (await HttpProbe.GetAsync(http, standbyPort, "/health")).Status);
        Assert.Equal(["stuck.txt"], inbox.InboxFiles());
    }
}
