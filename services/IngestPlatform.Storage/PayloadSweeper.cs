using IngestPlatform.ServiceDefaults.Payloads;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Storage;

/// <summary>
/// Deletes claim-check payloads older than <see cref="PayloadOptions.RetainFor"/>, once an hour. Storage does it
/// because it is the last stage to read them. Age, not "stored", decides: a message redelivered or replayed from an
/// <c>_error</c> queue within the retention still finds its payload, and one replayed later is rejected with that
/// reason instead of vanishing.
/// </summary>
public sealed class PayloadSweeper(PayloadStore store, IOptions<PayloadOptions> options, TimeProvider time, ILogger<PayloadSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var deleted = store.Sweep(time.GetUtcNow().UtcDateTime - options.Value.RetainFor);
                if (deleted > 0)
                {
                    logger.LogInformation("Swept {Count} payloads older than {RetainFor} from {Root}", deleted, options.Value.RetainFor, store.Root);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A sweep that fails must not stop storage (an exception leaving ExecuteAsync stops the host).
                logger.LogWarning(e, "Sweeping {Root} failed; trying again in an hour", store.Root);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
