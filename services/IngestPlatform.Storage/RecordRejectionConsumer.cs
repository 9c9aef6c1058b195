using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.Storage.Data;
using MassTransit;

namespace IngestPlatform.Storage;

/// <summary>Records every stage's rejections in <c>ingest_failures</c>, once per file and stage.</summary>
public sealed class RecordRejectionConsumer(FailureRecorder failures) : IConsumer<DocumentRejected>
{
    public Task Consume(ConsumeContext<DocumentRejected> context)
    {
        var message = context.Message;
        return failures.RecordAsync(
            new FailureReport(message.Source, message.Stage, FailureKinds.Rejected, message.Reason, context.MessageId, message.RejectedAt)
            {
                ReasonCode = message.ReasonCode,
                FailedPath = message.FailedPath,
            },
            context.CancellationToken);
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
        endpointConfigurator.UseDatabaseRetry(consumerConfigurator, DatabaseOutage.IsOutage);
    }
}
