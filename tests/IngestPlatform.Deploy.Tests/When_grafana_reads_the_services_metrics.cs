using System.Text.Json;
using System.Text.RegularExpressions;
using IngestPlatform.Contracts.Vocabulary;
using IngestPlatform.Contracts;
using IngestPlatform.ServiceDefaults;
using IngestPlatform.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace IngestPlatform.Deploy.Tests;

/// <summary>
/// The Grafana dashboard (deploy/grafana) queries metric names as Prometheus sees them, with the exporter's
/// <c>_total</c> and unit suffixes: checked against what the four pipeline services really serve on /metrics after a
/// file went through, not against the C# instrument names.
/// </summary>
[Collection(DeployCollection.Name)]
public partial class When_grafana_reads_the_services_metrics(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_find_every_metric_of_the_dashboard_on_a_running_service()
    {
        var dashboard = DashboardMetricNames();
        Assert.NotEmpty(dashboard);

        var vhost = await broker.CreateVirtualHostAsync();
        var database = await server.CreateDatabaseAsync();
        var root = Directory.CreateTempSubdirectory("ingest-metrics-").FullName;
        var environment = new Dictionary<string, string>(vhost.ToEnvironment())
        {
            ["ConnectionStrings__Ingest"] = database,
            ["Payloads__Path"] = Path.Combine(root, "payloads"),
            ["Watcher__InboxPath"] = Path.Combine(root, "inbox"),
            ["Watcher__ProcessedPath"] = Path.Combine(root, "processed"),
            ["Watcher__FailedPath"] = Path.Combine(root, "failed"),
        };
        var services = new List<ServiceProcess>();
        try
        {
            foreach (var name in new[] { "IngestPlatform.Storage", "IngestPlatform.LanguageDetector", "IngestPlatform.Normalizer", "IngestPlatform.Watcher" })
            {
                services.Add(ServiceProcess.Start(name, environment));
            }

            string Logs() => string.Join(Environment.NewLine, services.Select(s => s.OutputTail(40)));
            var ports = await Eventually.WaitForAsync(
                () => Task.FromResult(services.Select(s => ListeningPort().Match(s.Output)).ToList()),
                matches => matches.All(m => m.Success), TimeSpan.FromSeconds(180), "every service listening", Logs);
            await Eventually.WaitForAsync(() => broker.GetQueuesAsync(vhost), q => q.Count(x => x.Consumers > 0) >= 5,
                TimeSpan.FromSeconds(180), "the consumers on their queues", Logs);

            // One article stored, one binary file refused by the normalizer: every business counter has a value.
            await File.WriteAllTextAsync(Path.Combine(root, "inbox", "article.txt"), "Métriques\nLe tableau de bord lit ces compteurs.");
            await File.WriteAllBytesAsync(Path.Combine(root, "inbox", "image.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]);
            await Eventually.WaitForAsync(() => CountAsync(database, "SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM ingest_failures)"),
                n => n >= 2, TimeSpan.FromSeconds(120), "the article stored and the image refused", Logs);

            using var http = new HttpClient();
            var served = new HashSet<string>(StringComparer.Ordinal);
            var samples = new List<PrometheusSample>();
            foreach (var port in ports.Select(m => m.Groups[1].Value))
            {
                // Counters recorded a moment ago reach the exporter on its next collection.
                var text = await Eventually.WaitForAsync(() => http.GetStringAsync($"http://127.0.0.1:{port}{ServiceDefaultsExtensions.MetricsPath}"),
                    t => t.Contains("ingest_", StringComparison.Ordinal) || t.Contains("messaging_masstransit", StringComparison.Ordinal),
                    TimeSpan.FromSeconds(30), $"metrics on port {port}");
                served.UnionWith(MetricLine().Matches(text).Select(m => m.Groups[1].Value));
                samples.AddRange(PrometheusSamples.Parse(text));
            }

            foreach (var name in served.Where(n => n.StartsWith("ingest_", StringComparison.Ordinal) || n.StartsWith("messaging_masstransit", StringComparison.Ordinal)).Order())
            {
                output.WriteLine(name);
            }

            var missing = dashboard.Where(d => !served.Contains(d)).ToList();
            Assert.True(missing.Count == 0, $"The dashboard queries metrics no service serves: {string.Join(", ", missing)}");

            // A panel grouping by a label the metric does not carry draws one unlabelled line: the labels must be served too.
            var groupings = DashboardGroupings();
            Assert.Contains(("ingest_files_rejected_total", "reason"), groupings);
            var unlabelled = groupings
                .Where(g => !samples.Any(s => s.Name == g.Metric && s.Labels.ContainsKey(g.Label)))
                .Select(g => $"{g.Metric} by {g.Label}").ToList();
            Assert.True(unlabelled.Count == 0, $"The dashboard groups by labels no service serves: {string.Join(", ", unlabelled)}");

            // The image refused by the normalizer, counted under its reason.
            Assert.Contains(samples, s => s.Name == "ingest_files_rejected_total" && s.Value >= 1
                && s.Labels.GetValueOrDefault("stage") == Stages.Normalizer && s.Labels.GetValueOrDefault("reason") == RefusalReasons.Binary);
        }
        finally
        {
            foreach (var service in services)
            {
                await service.DisposeAsync();
            }

            await broker.DeleteVirtualHostAsync(vhost);
            await server.DropDatabaseAsync(database);
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Every metric name in the dashboard's PromQL expressions.</summary>
    private static List<string> DashboardMetricNames()
    {
        var path = Path.Combine(RepositoryPaths.Root, "deploy", "grafana", "ingest-platform.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var expressions = json.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!);
        // Label names (in "by (...)" and "{...}") share the prefixes; only what is left is a metric name.
        return expressions.Select(e => LabelSets().Replace(e, ""))
            .SelectMany(e => PromQlMetric().Matches(e).Select(m => m.Groups[1].Value)).Distinct().ToList();
    }

    /// <summary>Every (metric, label) a panel groups by: "sum by (a, b) (rate(metric[...]))".</summary>
    private static List<(string Metric, string Label)> DashboardGroupings()
    {
        var path = Path.Combine(RepositoryPaths.Root, "deploy", "grafana", "ingest-platform.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return [.. json.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => Grouping().Matches(t.GetProperty("expr").GetString()!))
            .SelectMany(m => m.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(label => (m.Groups["metric"].Value, label)))
            .Distinct()];
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0; // storage has not migrated yet
        }
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningPort();

    // "name{labels} value" or "name value"; comments (# HELP, # TYPE) excluded.
    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{| )", RegexOptions.Multiline)]
    private static partial Regex MetricLine();

    // "by (labels) (rate(metric" or "by (labels) (increase(metric": the grouping and the metric it groups.
    [GeneratedRegex(@"\bby\s*\((?<labels>[^)]*)\)\s*\(\s*(?:rate|increase|irate)\(\s*(?<metric>[a-zA-Z_:][a-zA-Z0-9_:]*)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\{[^}]*\}|\bby\s*\([^)]*\)")]
    private static partial Regex LabelSets();

    // The project's and MassTransit's metric names inside an expression, once label sets are removed.
    [GeneratedRegex(@"\b((?:ingest|messaging_masstransit)_[a-z0-9_]+)")]
    private static partial Regex PromQlMetric();
}
