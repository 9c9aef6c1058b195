using IngestPlatform.ServiceDefaults;
using IngestPlatform.Storage.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace IngestPlatform.Storage;

internal static class Extensions
{
    public const string ConnectionStringName = "Ingest";

    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set (environment: ConnectionStrings__{ConnectionStringName}).");
        }

        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => Enum.IsDefined(o.BatchTimeLimitStart), "Storage:BatchTimeLimitStart must be FromFirst or FromLast.")
            .ValidateOnStart();

        // EF Core (migrations, failures, health) uses this pool; the batch writer has its own (WriterConnectionString).
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddDbContext<IngestDbContext>((services, o) =>
            o.UseNpgsql(services.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddHealthChecks().AddDbContextCheck<IngestDbContext>("postgresql");
        builder.Services.AddSingleton(_ => new DocumentBatchWriter(
            NpgsqlDataSource.Create(DocumentBatchWriter.WriterConnectionString(connectionString))));
        builder.Services.AddSingleton<FailureRecorder>();
        builder.Services.AddSingleton<DocumentReprocessor>();

        // Registered before the bus so the schema is current before the first message is taken:
        // hosted services start in registration order.
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<PayloadSweeper>();
        builder.AddIngestBus(x =>
        {
            x.AddConsumer<StoreDocumentsConsumer, StoreDocumentsConsumerDefinition>();
            x.AddConsumer<RecordRejectionConsumer, RecordRejectionConsumerDefinition>();
            x.AddConsumer<RecordFaultConsumer, RecordFaultConsumerDefinition>();
        });
        return builder;
    }
}
