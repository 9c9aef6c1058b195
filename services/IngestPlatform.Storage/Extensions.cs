using IngestPlatform.ServiceDefaults;
using IngestPlatform.Storage.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

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

        builder.Services.AddDbContext<IngestDbContext>(o => o.UseNpgsql(connectionString));
        builder.Services.AddHealthChecks().AddDbContextCheck<IngestDbContext>("postgresql");
        builder.Services.AddSingleton<IngestMetrics>();

        // Registered before the bus so the schema is current before the first message is taken:
        // hosted services start in registration order.
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.AddIngestBus(x =>
        {
            x.AddConsumer<StoreDocumentConsumer, StoreDocumentConsumerDefinition>();
            x.AddConsumer<RecordRejectionConsumer, RecordRejectionConsumerDefinition>();
        });
        return builder;
    }
}
