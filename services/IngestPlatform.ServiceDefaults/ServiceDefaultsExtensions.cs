using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace IngestPlatform.ServiceDefaults;

/// <summary>What every IngestPlatform service has: logging, health checks and telemetry.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Health check path: every registered check (bus connected, database reachable...).</summary>
    public const string HealthPath = "/health";

    /// <summary>Liveness path: the process answers, and every check tagged <see cref="LiveTag"/> passes.</summary>
    public const string AlivePath = "/alive";

    /// <summary>
    /// Tag of the health checks <see cref="AlivePath"/> runs: a check with it says whether the process should be
    /// restarted (the watcher's stuck scan loop), not whether a dependency is up.
    /// </summary>
    public const string LiveTag = "live";

    /// <summary>Prometheus scrape path: the platform's own meter, MassTransit's, ASP.NET Core's and the runtime's.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Adds logging, health checks and OpenTelemetry (exported only when an OTLP endpoint is configured).</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        var otel = builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                .AddMeter(IngestMetrics.MeterName)
                // Pulled by Prometheus (or KEDA's Prometheus scaler) from MetricsPath, with or without an OTLP collector.
                .AddPrometheusExporter(o => o.ScrapeEndpointPath = MetricsPath));

        // Exporting is opt-in. Traces are only recorded when they go somewhere: a tracer provider with no exporter still
        // samples every activity (MassTransit's send, receive and consume, with all their tags) and throws it away,
        // a cost paid on every message for nothing.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.WithTracing(t => t
                    .AddSource(builder.Environment.ApplicationName)
                    .AddSource("MassTransit")
                    .AddAspNetCoreInstrumentation())
                .UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Maps <see cref="HealthPath"/>, <see cref="AlivePath"/> and <see cref="MetricsPath"/>.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Degraded is what MassTransit reports for a receive endpoint that keeps faulting (a consumer that
        // cannot consume): answered 503 like Unhealthy, so an orchestrator or a load balancer acts on it.
        app.MapHealthChecks(HealthPath, new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
