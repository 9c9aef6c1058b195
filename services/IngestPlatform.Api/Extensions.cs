using IngestPlatform.Api.Documents;
using IngestPlatform.Api.Failures;
using IngestPlatform.Api.Pipeline;
using IngestPlatform.Api.Stats;
using IngestPlatform.ServiceDefaults;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IngestPlatform.Api;

internal static class Extensions
{
    /// <summary>
    /// Where the API listens when nothing else is configured (ASPNETCORE_URLS, --urls, Urls, HTTP_PORTS,
    /// Kestrel:Endpoints). Loopback only: elsewhere the API requires Api:Token (<see cref="ApiAccess"/>).
    /// </summary>
    public const string DefaultUrl = "http://127.0.0.1:5150";

    public static WebApplicationBuilder AddQueryApi(this WebApplicationBuilder builder)
    {
        if (!HasConfiguredEndpoints(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) =>
                o.ConnectionString = configuration.GetConnectionString(ApiOptions.ConnectionStringName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiAccessValidation>();
        // The broker's user, password and virtual host, as the services have them (RabbitMq__*), for the management API.
        builder.Services.AddOptions<RabbitMqOptions>()
            .BindConfiguration(RabbitMqOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient<PipelineStatusReader>();

        // Its own pool, read-only: the API reads the tables storage writes (the public data contract) and
        // never migrates them; storage owns the schema. The sessions are read-only too, so a bug here can
        // not write even with storage's credentials.
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ApiOptions>>().Value;
            var dataSource = new NpgsqlDataSourceBuilder(options.ConnectionString);
            dataSource.ConnectionStringBuilder.CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
            dataSource.ConnectionStringBuilder.ApplicationName ??= "ingest-api";
            dataSource.ConnectionStringBuilder.Options =
                $"{dataSource.ConnectionStringBuilder.Options} -c default_transaction_read_only=on".TrimStart();
            return dataSource.Build();
        });
        builder.Services.AddSingleton<DocumentQueries>();
        builder.Services.AddSingleton<FailureQueries>();
        builder.Services.AddSingleton<StatsQueries>();
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgresql");

        builder.Services.AddProblemDetails();
        // A query-string value that does not bind (page=abc) throws, so ProblemExceptionHandler can
        // answer with the reason instead of an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapQueryApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseApiAccess();
        // The dashboard: static files under wwwroot/dashboard, calling the endpoints below. Served from beside the
        // assembly, since the content root is whatever folder the API was started from.
        app.MapGet("/", () => TypedResults.Redirect("/dashboard/")).ExcludeFromDescription();
        var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var files = Directory.Exists(webRoot) ? new PhysicalFileProvider(webRoot) : app.Environment.WebRootFileProvider;
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.MapOpenApi();
        app.MapDocumentEndpoints();
        app.MapFailureEndpoints();
        app.MapStatsEndpoints();
        app.MapPipelineEndpoints();
        return app;
    }

    private static bool HasConfiguredEndpoints(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey])
        || configuration.GetSection("Kestrel:Endpoints").Exists();
}
