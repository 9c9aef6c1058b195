using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.Storage.Data;
using IngestPlatform.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IngestPlatform.Storage.Tests;

/// <summary>
/// Storage's two failure consumers on MassTransit's in-memory test harness (their definitions included), writing to a
/// real PostgreSQL database of the test's own: what they record, without a broker or a service process.
/// </summary>
[Collection(StorageCollection.Name)]
public class When_the_failure_consumers_record_in_memory(PostgresFixture server)
{
    [Fact]
    public async Task Should_record_a_rejection_once_however_often_it_is_delivered()
    {
        await using var database = await StorageDatabase.CreateAsync(server);
        await using var provider = Harness(database);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var source = Documents.Detected("Un texte.", "refused.bin").Document.Source;
        var rejected = new DocumentRejected(source, Stages.Normalizer, "The bytes are binary (NUL bytes).", DateTimeOffset.UtcNow,
            ReasonCode: RefusalReasons.Binary);

        await harness.Bus.Publish(rejected);
        await harness.Bus.Publish(rejected); // a redelivery
        Assert.Equal(2, await ConsumedAsync<DocumentRejected>(harness, 2));

        var failure = Assert.Single(await database.FailuresAsync());
        Assert.Equal((Stages.Normalizer, FailureKinds.Rejected, "The bytes are binary (NUL bytes).", "refused.bin", RefusalReasons.Binary), failure);
    }

    [Fact]
    public async Task Should_record_the_fault_a_stage_gave_up_on_but_not_an_outage()
    {
        await using var database = await StorageDatabase.CreateAsync(server);
        await using var provider = Harness(database, x => x.AddConsumer<FailingDetector>());
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var poison = Documents.Detected("Un texte qui fait échouer l'étape.", "poison.txt").Document;
        var waiting = Documents.Detected("Un texte qui attend la base.", "waiting.txt").Document;

        // The detector throws; MassTransit publishes the real Fault<DocumentNormalized> that storage consumes.
        await harness.Bus.Publish(poison);
        await harness.Bus.Publish(waiting);
        Assert.Equal(2, await ConsumedAsync<Fault<DocumentNormalized>>(harness, 2));

        var failure = Assert.Single(await database.FailuresAsync());
        Assert.Equal((Stages.LanguageDetector, FailureKinds.Fault, "poison.txt", (string?)null), (failure.Stage, failure.Kind, failure.Path, failure.Code));
        Assert.Contains("InvalidOperationException: the detector cannot take this document", failure.Reason, StringComparison.Ordinal);
    }

    private static ServiceProvider Harness(StorageDatabase database, Action<IBusRegistrationConfigurator>? more = null) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton(database.DataSource)
            .AddSingleton<FailureRecorder>()
            .AddMassTransitTestHarness(x =>
            {
                x.AddConsumer<RecordRejectionConsumer, RecordRejectionConsumerDefinition>();
                x.AddConsumer<RecordFaultConsumer, RecordFaultConsumerDefinition>();
                more?.Invoke(x);
            })
            .BuildServiceProvider(true);

    /// <summary>How many <typeparamref name="T"/> storage's consumers finished, once at least <paramref name="expected"/> did.</summary>
    private static async Task<int> ConsumedAsync<T>(ITestHarness harness, int expected)
        where T : class =>
        await Eventually.WaitForAsync(() => Task.FromResult(harness.Consumed.Select<T>().Count()), n => n >= expected,
            TimeSpan.FromSeconds(30), $"{expected} {typeof(T).Name} consumed");

    /// <summary>Stands for a detector that gives up on one document, and one whose database is away (an outage, not the file's fault).</summary>
    private sealed class FailingDetector : IConsumer<DocumentNormalized>
    {
        public Task Consume(ConsumeContext<DocumentNormalized> context) =>
            context.Message.Source.RelativePath == "poison.txt"
                ? throw new InvalidOperationException("the detector cannot take this document")
                : throw new DependencyUnavailableException("the database is away", new TimeoutException());
    }
}
