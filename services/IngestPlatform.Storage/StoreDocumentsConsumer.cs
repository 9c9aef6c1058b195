using System.Diagnostics;
using IngestPlatform.Contracts;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.Storage.Data;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IngestPlatform.Storage;

/// <summary>
/// Stores detected documents a batch at a time: one transaction per batch instead of one per row, which
/// is what lets storage keep up with the broker. Thin adapter around <see cref="DocumentBatchWriter"/>.
/// </summary>
public sealed class StoreDocumentsConsumer(
    DocumentBatchWriter writer,
    FailureRecorder failures,
    IngestMetrics metrics,
    ILogger<StoreDocumentsConsumer> logger) : IConsumer<Batch<LanguageDetected>>
{
    public async Task Consume(ConsumeContext<Batch<LanguageDetected>> context)
    {
        var batch = context.Message;
        // A malformed message would fault the whole batch with it; it is refused on its own instead.
        var problems = batch.Select(m => IncomingDocument.Problem(m.Message)).ToArray();
        var started = Stopwatch.GetTimestamp();
        var written = await writer.WriteAsync(
            [.. batch.Where((_, i) => problems[i] is null).Select(m => new IncomingDocument(m.Message, m.MessageId))],
            context.CancellationToken);
        var next = 0;
        var outcomes = problems.Select(p => p is null ? written[next++] : new WriteOutcome(null, false, p)).ToArray();
        logger.LogDebug("Wrote a batch of {Count} in {Elapsed:F0} ms", batch.Length, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        // Published only after the commit: a crash in between redelivers the batch, which then finds
        // its rows and publishes again, flagged as duplicates.
        var published = new List<Task>(batch.Length);
        for (var i = 0; i < batch.Length; i++)
        {
            var message = batch[i];
            var source = message.Message.Document?.Source;
            if (outcomes[i] is { DocumentId: { } id } outcome)
            {
                metrics.DocumentsStored.Add(1, new KeyValuePair<string, object?>("duplicate", outcome.WasDuplicate));
                published.Add(message.Publish(
                    new DocumentStored(id, source!, message.Message.Document!.ContentSha256, outcome.WasDuplicate),
                    context.CancellationToken));
                continue;
            }

            // The rest of the batch is stored; this one row is recorded as refused, not retried forever.
            logger.LogWarning("Refused {File}: {Reason}", source?.RelativePath, outcomes[i].Refusal);
            metrics.FilesRejected.Add(1, new KeyValuePair<string, object?>("stage", Stages.Storage));
            await failures.RecordAsync(
                source, Stages.Storage, FailureKinds.Rejected, outcomes[i].Refusal!, message.MessageId, DateTimeOffset.UtcNow,
                context.CancellationToken);
        }

        await Task.WhenAll(published);
    }
}

public sealed class StoreDocumentsConsumerDefinition : ConsumerDefinition<StoreDocumentsConsumer>
{
    private readonly StorageOptions _options;

    public StoreDocumentsConsumerDefinition(IOptions<StorageOptions> options)
    {
        EndpointName = QueueNames.Storage;
        _options = options.Value;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<StoreDocumentsConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseDatabaseRetry(consumerConfigurator, DatabaseOutage.IsOutage);
        // Room for one more batch than are being written: the next batch fills from messages already on
        // the wire while the others commit, instead of starting from an empty prefetch and closing on the
        // time limit half full. (BatchOptions alone allows exactly limit × concurrency.)
        var capacity = _options.BatchMessageLimit * (_options.ConcurrentBatches + 1);
        endpointConfigurator.PrefetchCount = capacity;
        endpointConfigurator.ConcurrentMessageLimit = capacity;
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(_options.BatchMessageLimit)
            .SetTimeLimit(_options.BatchTimeLimit)
            .SetConcurrencyLimit(_options.ConcurrentBatches));
    }
}
