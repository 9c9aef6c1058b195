using IngestPlatform.Contracts;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.Storage.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IngestPlatform.Storage;

/// <summary>
/// Writes the detected document. Idempotent without an outbox: the row is unique on the content
/// hash, so a redelivery (or the same content dropped again) finds the row and stores nothing new.
/// </summary>
public sealed class StoreDocumentConsumer(
    IngestDbContext db,
    IngestMetrics metrics,
    ILogger<StoreDocumentConsumer> logger) : IConsumer<LanguageDetected>
{
    public async Task Consume(ConsumeContext<LanguageDetected> context)
    {
        var message = context.Message;
        var source = message.Document.Source;
        var document = new StoredDocument
        {
            ContentSha256 = source.Sha256,
            SourceFileName = source.FileName,
            SourcePath = source.RelativePath,
            SourceSizeBytes = source.SizeBytes,
            Encoding = message.Document.Encoding,
            Title = message.Document.Title,
            Text = message.Document.Text,
            OriginalText = message.Document.OriginalText,
            Language = message.Language,
            LanguageConfidence = message.Confidence,
            LanguageRunnerUp = message.RunnerUp,
            FileId = source.FileId,
            DiscoveredAt = source.DiscoveredAt,
            IngestedAt = DateTimeOffset.UtcNow,
        };

        var wasDuplicate = false;
        db.Documents.Add(document);
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            wasDuplicate = true;
            db.ChangeTracker.Clear();
            document = await db.Documents.AsNoTracking()
                .SingleAsync(d => d.ContentSha256 == source.Sha256, context.CancellationToken);
            logger.LogInformation("{File} has the content of document {Id}; nothing new stored", source.RelativePath, document.Id);
        }

        metrics.DocumentsStored.Add(1, new KeyValuePair<string, object?>("duplicate", wasDuplicate));
        await context.Publish(
            new DocumentStored(document.Id, source, source.Sha256, wasDuplicate),
            context.CancellationToken);
    }
}

public sealed class StoreDocumentConsumerDefinition : ConsumerDefinition<StoreDocumentConsumer>
{
    public StoreDocumentConsumerDefinition()
    {
        EndpointName = QueueNames.Storage;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<StoreDocumentConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseDatabaseRetry();
    }
}
