using IngestPlatform.Contracts;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.Storage.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IngestPlatform.Storage;

/// <summary>Records every stage's rejections in <c>ingest_failures</c>, once per file and stage.</summary>
public sealed class RecordRejectionConsumer(IngestDbContext db) : IConsumer<DocumentRejected>
{
    public async Task Consume(ConsumeContext<DocumentRejected> context)
    {
        var message = context.Message;
        db.Failures.Add(new IngestFailure
        {
            FileId = message.Source.FileId,
            Stage = message.Stage,
            Reason = message.Reason,
            SourceFileName = message.Source.FileName,
            SourcePath = message.Source.RelativePath,
            SourceSizeBytes = message.Source.SizeBytes,
            Sha256 = message.Source.Sha256,
            RejectedAt = message.RejectedAt,
            RecordedAt = DateTimeOffset.UtcNow,
        });
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // A redelivery of a rejection already recorded: nothing to add.
        }
    }
}

public sealed class RecordRejectionConsumerDefinition : ConsumerDefinition<RecordRejectionConsumer>
{
    public RecordRejectionConsumerDefinition()
    {
        EndpointName = QueueNames.StorageRejections;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RecordRejectionConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseDatabaseRetry();
    }
}
