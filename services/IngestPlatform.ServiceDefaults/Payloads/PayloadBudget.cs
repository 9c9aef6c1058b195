using System.Runtime;
using Microsoft.Extensions.Options;

namespace IngestPlatform.ServiceDefaults.Payloads;

/// <summary>
/// A weighted semaphore over bytes: work on a payload waits until its size fits in what is left of
/// <see cref="PayloadOptions.MemoryBudgetBytes"/>. RabbitMQ's prefetch counts messages, not bytes; this is the
/// bound in bytes, so forty big files arriving at once are worked on a budget's worth at a time. First come,
/// first served, so a big payload is not starved by a stream of small ones.
/// </summary>
public sealed class PayloadBudget(IOptions<PayloadOptions> options)
{
    private readonly long _capacity = options.Value.MemoryBudgetBytes;
    private readonly Queue<(long Weight, TaskCompletionSource Granted)> _waiting = new();
    private readonly Lock _lock = new();
    private long _available = options.Value.MemoryBudgetBytes;

    /// <summary>The whole budget, in bytes.</summary>
    public long Capacity => _capacity;

    /// <summary>Bytes currently granted.</summary>
    public long InUse
    {
        get
        {
            lock (_lock)
            {
                return _capacity - _available;
            }
        }
    }

    /// <summary>Waits for <paramref name="bytes"/> of the budget (a larger payload takes all of it); dispose to give them back.</summary>
    public async Task<IDisposable> AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        var weight = Math.Clamp(bytes, 1, _capacity);
        TaskCompletionSource granted;
        lock (_lock)
        {
            if (_waiting.Count == 0 && _available >= weight)
            {
                _available -= weight;
                return new Grant(this, weight);
            }

            granted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue((weight, granted));
        }

        try
        {
            await granted.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Granted in the meantime: give it back; otherwise the release loop skips the cancelled entry.
            if (!granted.TrySetCanceled(CancellationToken.None) && granted.Task.IsCompletedSuccessfully)
            {
                Release(weight);
            }

            throw;
        }

        return new Grant(this, weight);
    }

    private void Release(long weight)
    {
        lock (_lock)
        {
            _available += weight;
            while (_waiting.TryPeek(out var next))
            {
                if (next.Granted.Task.IsCompleted)
                {
                    _waiting.Dequeue(); // cancelled while waiting
                    continue;
                }

                if (next.Weight > _available)
                {
                    break;
                }

                _waiting.Dequeue();
                if (next.Granted.TrySetResult())
                {
                    _available -= next.Weight;
                }
            }
        }
    }

    /// <summary>A grant this large is followed by a full, compacting collection before the bytes are given back.</summary>
    public const long CollectAfterBytes = 8L * 1024 * 1024;

    private sealed class Grant(PayloadBudget budget, long weight) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }

            if (weight >= CollectAfterBytes)
            {
                // A big payload leaves hundreds of MB of dead strings on the large-object heap, which the GC
                // would otherwise reclaim only when it next feels pressure: after the next big payload has added
                // its own. Collecting (and compacting) before its bytes go back keeps the peak at one payload's
                // working set. Tens of milliseconds, against seconds of work on a payload this size.
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            }

            budget.Release(weight);
        }
    }
}
