using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.Storage.Data;
using MassTransit;

namespace IngestPlatform.Storage;

/// <summary>
/// Records in <c>ingest_failures</c> every message a stage gave up on after its retries (MassTransit's
/// <c>Fault&lt;T&gt;</c>), so a file that faulted is explained in the database, not only in an
/// <c>_error</c> queue. The faulted message itself stays in that queue, to be moved back once fixed.
/// </summary>
public sealed class RecordFaultConsumer(FailureRecorder failures) :
    IConsumer<Fault<FileDiscovered>>,
    IConsumer<Fault<DocumentNormalized>>,
    IConsumer<Fault<LanguageDetected>>,
    IConsumer<Fault<DocumentRejected>>
{
    public Task Consume(ConsumeContext<Fault<FileDiscovered>> context) =>
        RecordAsync(context, context.Message.Message?.Source, Stages.Normalizer);

    public Task Consume(ConsumeContext<Fault<DocumentNormalized>> context) =>
        RecordAsync(context, context.Message.Message?.Source, Stages.LanguageDetector);

    public Task Consume(ConsumeContext<Fault<LanguageDetected>> context) =>
        RecordAsync(context, context.Message.Message?.Document?.Source, Stages.Storage);

    public Task Consume(ConsumeContext<Fault<DocumentRejected>> context) =>
        RecordAsync(context, context.Message.Message?.Source, Stages.Storage);

    private Task RecordAsync<T>(ConsumeContext<Fault<T>> context, SourceFile? source, string stage)
        where T : class
    {
        var fault = context.Message;
        var exception = fault.Exceptions.FirstOrDefault();
        // MassTransit publishes a fault when a retry policy gives up, even when the error pipe then hands the message
        // back to its queue (RetryPolicies): an outage of a dependency is not a failure of the file, which will arrive.
        if (exception?.ExceptionType == typeof(DependencyUnavailableException).FullName)
        {
            return Task.CompletedTask;
        }

        var reason = exception is null
            ? "The stage gave up on the message after its retries."
            : $"{exception.ExceptionType}: {exception.Message}";
        return failures.RecordAsync(
            new FailureReport(source, stage, FailureKinds.Fault, reason, fault.FaultedMessageId, fault.Timestamp), context.CancellationToken);
    }
}

public sealed class RecordFaultConsumerDefinition : ConsumerDefinition<RecordFaultConsumer>
{
    public RecordFaultConsumerDefinition()
    {
        EndpointName = QueueNames.StorageFaults;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RecordFaultConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseDatabaseRetry(consumerConfigurator, DatabaseOutage.IsOutage);
    }
}
