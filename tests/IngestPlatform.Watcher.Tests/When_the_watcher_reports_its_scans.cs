using System.Diagnostics.Metrics;
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

/// <summary>The age of the last finished scan, as the <c>ingest.watcher.last_scan_age</c> gauge an alert would read.</summary>
public class When_the_watcher_reports_its_scans(ITestOutputHelper output)
{
    [Fact]
    public async Task Should_publish_the_age_of_the_last_finished_scan_as_a_gauge()
    {
        var root = Directory.CreateTempSubdirectory("ingest-watcher-gauge-").FullName;
        try
        {
            var options = Options.Create(new WatcherOptions
            {
                InboxPath = Path.Combine(root, "inbox"),
                Discovery = DiscoveryMode.Polling,
                ScanInterval = TimeSpan.FromMilliseconds(200),
            });
            var folders = new InboxFolders(options, TimeProvider.System);
            using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
            using var metrics = new IngestMetrics(services.GetRequiredService<IMeterFactory>());
            using var watcher = new InboxWatcher(folders, new InboxListing(folders, options),
                DispatchProxy.Create<IPublishEndpoint, When_a_publish_never_completes.NeverAnsweringPublisher>(), new AnsweringBroker(),
                new PayloadStore(options: Options.Create(new PayloadOptions())), options, TimeProvider.System, metrics, NullLogger<InboxWatcher>.Instance);

            var ages = new List<double>();
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == IngestMetrics.MeterName && instrument.Name == "ingest.watcher.last_scan_age")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<double>((_, value, _, _) => ages.Add(value));
            listener.Start();

            await watcher.StartAsync(CancellationToken.None);
            await IngestPlatform.TestSupport.Eventually.WaitUntilAsync(
                () =>
                {
                    listener.RecordObservableInstruments();
                    return ages.Count > 0;
                },
                TimeSpan.FromSeconds(30), "a scan to finish and the gauge to report it");
            await watcher.StopAsync(CancellationToken.None);

            output.WriteLine($"last_scan_age: {ages[^1]:0.000} s");
            Assert.InRange(ages[^1], 0, 10);
            Assert.False(watcher.IsActive);
            ages.Clear();
            listener.RecordObservableInstruments();
            Assert.Empty(ages); // no value once it no longer holds the inbox
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed class AnsweringBroker : IBrokerProbe
    {
        public Task<bool> AnswersAsync(CancellationToken cancellationToken) => Task.FromResult(true);
    }
}
