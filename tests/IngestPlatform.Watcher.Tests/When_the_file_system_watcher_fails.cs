using System.Diagnostics.Metrics;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.TestSupport;
using IngestPlatform.Watcher.Inbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IngestPlatform.Watcher.Tests;

/// <summary>
/// An inotify queue overflow cannot be provoked on demand without changing the machine's limits
/// (fs.inotify.max_queued_events), so the error is raised the way FileSystemWatcher raises it and
/// the rest (metric, wake-up, new watcher that does raise events) is real.
/// </summary>
public sealed class When_the_file_system_watcher_fails : IDisposable
{
    private readonly string _inbox = Directory.CreateTempSubdirectory("ingest-events-").FullName;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().AddSingleton<IngestMetrics>().BuildServiceProvider();
    private int _wakes;

    [Fact]
    public async Task Should_count_it_ask_for_a_rescan_and_raise_events_again_from_a_new_watcher()
    {
        var metrics = _services.GetRequiredService<IngestMetrics>();
        long errors = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "ingest.watcher.errors" && instrument.Meter.Name == IngestMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref errors, value));
        listener.Start();

        using var events = new InboxEvents(_inbox, recursive: false, () => Interlocked.Increment(ref _wakes), metrics, NullLogger.Instance);
        events.Start();
        Assert.Equal(1, events.Generation);

        events.OnError(new InternalBufferOverflowException("too many changes at once"));
        Assert.Equal(1, Interlocked.CompareExchange(ref errors, 0, 0));
        Assert.Equal(1, Volatile.Read(ref _wakes));

        events.RecreateIfLost();
        Assert.Equal(2, events.Generation);
        Assert.True(events.IsWatching);
        events.RecreateIfLost();
        Assert.Equal(2, events.Generation);

        await File.WriteAllTextAsync(Path.Combine(_inbox, "after.txt"), "after the error");
        await Eventually.WaitUntilAsync(() => Volatile.Read(ref _wakes) > 1, TimeSpan.FromSeconds(10), "an event from the new watcher");
    }

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_inbox, recursive: true);
    }
}
