using System.Diagnostics;
using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.ServiceDefaults.Payloads;
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
    DocumentReprocessor reprocessor,
    PayloadStore payloads,
    PayloadBudget budget,
    FailureRecorder failures,
    IngestMetrics metrics,
    IOptions<RabbitMqOptions> broker,
    ILogger<StoreDocumentsConsumer> logger) : IConsumer<Batch<LanguageDetected>>
{
    public async Task Consume(ConsumeContext<Batch<LanguageDetected>> context)
    {
        var batch = context.Message;
        // A malformed message would fault the whole batch with it; it is refused on its own instead.
        var problems = batch.Select(m => IncomingDocument.Problem(m.Message)).ToArray();
        var outcomes = new WriteOutcome[batch.Length];
        var refusalCodes = new string?[batch.Length];
        var started = Stopwatch.GetTimestamp();
        // Written in chunks of at most the byte budget: texts that came by claim check are read a chunk at a
        // time, so a batch of big documents never sits in memory whole (a document over the budget goes alone).
        foreach (var chunk in Chunks(batch, problems))
        {
            using var _ = await budget.AcquireAsync(chunk.Sum(i => batch[i].Message.Document.PayloadBytes()), context.CancellationToken);
            var documents = new List<IncomingDocument>(chunk.Count);
            var written = new List<int>(chunk.Count);
            foreach (var i in chunk)
            {
                try
                {
                    var message = batch[i].Message;
                    documents.Add(new IncomingDocument(
                        message with { Document = await payloads.WithTextsAsync(message.Document, context.CancellationToken) },
                        batch[i].MessageId));
                    written.Add(i);
                }
                catch (PayloadMissingException e)
                {
                    outcomes[i] = new WriteOutcome(null, false, e.Message);
                    refusalCodes[i] = RefusalReasons.PayloadMissing;
                }
            }

            var results = await WriteAsync(documents, context.CancellationToken);
            for (var k = 0; k < written.Count; k++)
            {
                outcomes[written[k]] = results[k];
                // The batch writer refuses only data PostgreSQL will not hold; the reprocessor, a document that is gone.
                refusalCodes[written[k]] = batch[written[k]].Message.Document.Reprocess is null ? RefusalReasons.InvalidData : RefusalReasons.DocumentGone;
            }
        }

        for (var i = 0; i < batch.Length; i++)
        {
            if (outcomes[i] is null)
            {
                outcomes[i] = new WriteOutcome(null, false, problems[i]);
                refusalCodes[i] = RefusalReasons.InvalidMessage;
            }
        }

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
                metrics.DocumentsStored.Add(1,
                    new KeyValuePair<string, object?>("duplicate", outcome.WasDuplicate),
                    new KeyValuePair<string, object?>("language", message.Message.Language));
                published.Add(message.Publish(
                    new DocumentStored(id, source!, message.Message.Document!.ContentSha256, outcome.WasDuplicate),
                    context.CancellationToken));
                continue;
            }

            // The rest of the batch is stored; this one row is recorded as refused, not retried forever.
            logger.LogWarning("Refused {File}: {Reason}", source?.RelativePath, outcomes[i].Refusal);
            var code = refusalCodes[i] ?? RefusalReasons.Other;
            metrics.CountRefusal(Stages.Storage, code);
            await failures.RecordAsync(
                new FailureReport(source, Stages.Storage, FailureKinds.Rejected, outcomes[i].Refusal!, message.MessageId, DateTimeOffset.UtcNow)
                {
                    ReasonCode = code,
                },
                context.CancellationToken);
        }

        try
        {
            await Task.WhenAll(published).Confirmed(broker.Value.PublishTimeout, context.CancellationToken);
        }
        catch (PublishNotConfirmedException)
        {
            // The rows are committed; only the notices are missing. If the broker has gone, the acknowledgement fails
            // too and the batch comes back on the new connection, finds its rows, and publishes them as duplicates.
            logger.LogWarning("The broker confirmed no DocumentStored for {Count} documents within {Timeout}; the batch ends without them",
                published.Count(t => !t.IsCompleted), broker.Value.PublishTimeout);
        }
    }

    /// <summary>
    /// New documents through the batch writer (insert, or nothing when already stored); documents the admin tool sent
    /// for reprocessing through <see cref="DocumentReprocessor"/>, one at a time, since they update rows in place.
    /// </summary>
    private async Task<IReadOnlyList<WriteOutcome>> WriteAsync(List<IncomingDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.TrueForAll(d => d.Message.Document.Reprocess is null))
        {
            return await writer.WriteAsync(documents, cancellationToken);
        }

        var outcomes = new WriteOutcome[documents.Count];
        var fresh = Enumerable.Range(0, documents.Count).Where(i => documents[i].Message.Document.Reprocess is null).ToArray();
        var written = fresh.Length == 0 ? [] : await writer.WriteAsync([.. fresh.Select(i => documents[i])], cancellationToken);
        for (var k = 0; k < fresh.Length; k++)
        {
            outcomes[fresh[k]] = written[k];
        }

        for (var i = 0; i < documents.Count; i++)
        {
            outcomes[i] ??= await reprocessor.ApplyAsync(documents[i], cancellationToken);
        }

        return outcomes;
    }

    /// <summary>Indexes of the writable messages, grouped so each group's payload fits the budget.</summary>
    private IEnumerable<List<int>> Chunks(Batch<LanguageDetected> batch, string?[] problems)
    {
        var chunk = new List<int>();
        long bytes = 0;
        for (var i = 0; i < batch.Length; i++)
        {
            if (problems[i] is not null)
            {
                continue;
            }

            var size = batch[i].Message.Document.PayloadBytes();
            if (chunk.Count > 0 && bytes + size > budget.Capacity)
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(i);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
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
            .SetTimeLimitStart(_options.BatchTimeLimitStart)
            .SetConcurrencyLimit(_options.ConcurrentBatches));
    }
}
