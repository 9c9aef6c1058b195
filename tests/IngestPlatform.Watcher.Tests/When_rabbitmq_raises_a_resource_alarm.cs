using System.Diagnostics;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// RabbitMQ's memory and disk alarms, as a flood would trip them: the broker keeps its connections open but blocks
/// every publisher (<c>connection.blocked</c>), so publishes neither fail nor confirm. The watcher must leave the files
/// in the inbox (nothing is moved without a confirmation), stay alive, and deliver every file once the alarm clears.
/// With the claim check a big-file flood no longer trips them (messages stay small); this is what happens when
/// something else does. On a RabbitMQ node of the test's own.
/// </summary>
[Collection(BrokerCollection.Name)]
public class When_rabbitmq_raises_a_resource_alarm(ITestOutputHelper output)
{
    private const int Files = 50;

    [Theory]
    [InlineData("memory")]
    [InlineData("disk")]
    public async Task Should_keep_files_in_the_inbox_while_publishers_are_blocked_then_deliver_them_all(string alarm)
    {
        await using var node = await RabbitMqNode.StartAsync();
        await using var inbox = await WatchedInbox.CreateAsync(node, output);
        var watcher = await inbox.StartActiveWatcherAsync(BurstThroughOutage.Settings);
        await inbox.WaitForLogAsync(watcher, "Now listening on");

        await node.SetAlarmAsync(alarm, raised: true);
        for (var i = 0; i < Files; i++)
        {
            inbox.Write($"alarm-{i:000}.txt", $"Article {i} écrit pendant l'alarme {alarm} du courtier : il doit attendre dans la boîte.");
        }

        // Blocked, the publishes neither fail nor confirm: each is abandoned after PublishTimeout (5 s here).
        await inbox.WaitForLogAsync(watcher, "not confirmed");
        var movedWhileBlocked = inbox.ProcessedFiles().Length;
        output.WriteLine($"{alarm} alarm: {movedWhileBlocked} moved while blocked, {inbox.InboxFiles().Length} waiting; {inbox.Discovered.Count} messages seen");
        Assert.Equal(0, movedWhileBlocked);
        Assert.Equal(Files, inbox.InboxFiles().Length);
        Assert.False(watcher.HasExited);

        var clock = Stopwatch.StartNew();
        await node.SetAlarmAsync(alarm, raised: false);
        await Eventually.WaitUntilAsync(() => inbox.ProcessedFiles().Length >= Files, TimeSpan.FromSeconds(120),
            "every file published and moved after the alarm cleared", () => inbox.Logs);
        output.WriteLine($"alarm cleared (rabbitmqctl issued) -> every file published: {clock.Elapsed.TotalSeconds:F1} s");
        await Eventually.WaitUntilAsync(() => inbox.DiscoveredPaths().Distinct(StringComparer.Ordinal).Count() >= Files,
            TimeSpan.FromSeconds(60), "every file's message at the observer", () => $"{inbox.DiscoveredPaths().Length} seen");

        Assert.Empty(inbox.InboxFiles());
        Assert.Equal(Files, inbox.DiscoveredPaths().Distinct(StringComparer.Ordinal).Count());
    }
}
