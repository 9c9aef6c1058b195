using System.Diagnostics;
using System.Reflection;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.Watcher.Inbox;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using IngestPlatform.ServiceDefaults.Payloads;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// The root cause of the watcher that never published again after a broker restart, isolated: a publish whose
/// task never completes and ignores its cancellation token, as MassTransit's does when it is caught at a step
/// that awaits without the caller's token (a new channel's one-time topology set-up, faulting the old channel).
/// <c>Parallel.ForEachAsync</c> waits for every body it started even once cancelled, so the scan used to wait for
/// that publish forever. The scan loop is driven in memory here (the real-broker faults are in the
/// When_the_broker_* tests); only the publisher stands in, because no broker misbehaves on cue.
/// </summary>
public class When_a_publish_never_completes(ITestOutputHelper output)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Should_end_the_scan_within_the_publish_timeout_and_leave_every_file_in_the_inbox()
    {
        var root = Directory.CreateTempSubdirectory("ingest-watcher-hang-").FullName;
        try
        {
            var options = Options.Create(new WatcherOptions
            {
                InboxPath = Path.Combine(root, "inbox"),
                StableFor = TimeSpan.Zero,
                PublishTimeout = PublishTimeout,
                ScanInterval = TimeSpan.FromMilliseconds(200),
            });
            var folders = new InboxFolders(options, TimeProvider.System);
            folders.EnsureExist();
            for (var i = 0; i < 40; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(folders.Inbox, $"doc-{i:00}.txt"), $"document {i}");
            }

            using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
            using var metrics = new IngestMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
            var publisher = DispatchProxy.Create<IPublishEndpoint, NeverAnsweringPublisher>();
            using var watcher = new InboxWatcher(folders, new InboxListing(folders, options), publisher, new BrokerThatAnswers(),
                new PayloadStore(options: Options.Create(new PayloadOptions())), options, TimeProvider.System, metrics, NullLogger<InboxWatcher>.Instance);

            for (var scan = 1; scan <= 2; scan++)
            {
                var clock = Stopwatch.StartNew();
                // Bounded here so that the old code fails instead of hanging the test run.
                var pending = await watcher.ScanOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
                output.WriteLine($"scan {scan} ended after {clock.Elapsed.TotalSeconds:0.0} s (publish timeout {PublishTimeout.TotalSeconds} s)");
                Assert.True(pending);
                Assert.InRange(clock.Elapsed, TimeSpan.Zero, PublishTimeout * 10);
            }

            Assert.Equal(40, Directory.GetFiles(folders.Inbox, "doc-*").Length);
            Assert.Empty(Directory.GetFiles(folders.Processed, "*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed class BrokerThatAnswers : IBrokerProbe
    {
        public Task<bool> AnswersAsync(CancellationToken cancellationToken) => Task.FromResult(true);
    }

    /// <summary>Every Publish overload returns a task that never completes, whatever its token says.</summary>
    public class NeverAnsweringPublisher : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.ReturnType == typeof(Task) ? new TaskCompletionSource().Task : null;
    }
}
