using System.Diagnostics.Metrics;

namespace IngestPlatform.TestSupport;

/// <summary>
/// Records what one counter of one meter factory measures, with its tags, from the moment it is created: the real
/// instrument read by a <see cref="MeterListener"/>, in process. Only meters made by <c>meterScope</c> (the test's own
/// <see cref="IMeterFactory"/>) count, so tests running in parallel on meters of the same name do not mix.
/// </summary>
public sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(long Value, Dictionary<string, object?> Tags)> _measurements = [];

    public CounterRecorder(object meterScope, string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meterScope && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tagged = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                tagged[tag.Key] = tag.Value;
            }

            lock (_measurements)
            {
                _measurements.Add((value, tagged));
            }
        });
        _listener.Start();
    }

    /// <summary>
    /// The values of <paramref name="tagNames"/> (missing: empty) joined by '/', once per unit counted, sorted:
    /// <c>["normalizer/binary", "storage/invalid_data"]</c>.
    /// </summary>
    public List<string> Counted(params string[] tagNames)
    {
        lock (_measurements)
        {
            return [.. _measurements
                .SelectMany(m => Enumerable.Repeat(string.Join('/', tagNames.Select(n => m.Tags.GetValueOrDefault(n)?.ToString() ?? "")), (int)m.Value))
                .Order(StringComparer.Ordinal)];
        }
    }

    public void Dispose() => _listener.Dispose();
}
