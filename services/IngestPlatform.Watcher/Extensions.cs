using IngestPlatform.Contracts;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.Watcher.Inbox;

namespace IngestPlatform.Watcher;

internal static class Extensions
{
    public static IHostApplicationBuilder AddWatcher(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WatcherOptions>()
            .BindConfiguration(WatcherOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<InboxFolders>();
        builder.Services.AddSingleton<InboxListing>();
        builder.Services.AddSingleton<IBrokerProbe, AmqpBrokerProbe>();
        builder.Services.AddSingleton<InboxWatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<InboxWatcher>());
        builder.Services.AddHealthChecks()
            .AddCheck<WatcherRoleHealthCheck>("watcher-role")
            .AddCheck<WatcherLivenessHealthCheck>("watcher-scan-loop", tags: [ServiceDefaultsExtensions.LiveTag]);
        builder.AddIngestBus(configureTopology: cfg =>
        {
            cfg.DeclareDownstreamQueue<FileDiscovered>(QueueNames.Normalizer);
            cfg.DeclareDownstreamQueue<DocumentRejected>(QueueNames.StorageRejections);
        });
        return builder;
    }

    /// <summary>Maps <see cref="WatcherStatus.Path"/>: the inbox backlog, for the dashboard. On the same port as <c>/health</c>.</summary>
    public static WebApplication MapWatcherStatus(this WebApplication app)
    {
        app.MapGet(WatcherStatus.Path, (InboxWatcher watcher, InboxFolders folders) => WatcherStatus.Of(watcher, folders));
        return app;
    }
}
