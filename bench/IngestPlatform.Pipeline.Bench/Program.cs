using System.Globalization;
using IngestPlatform.Pipeline.Bench;
using IngestPlatform.TestSupport;

// The whole pipeline on this machine, in one run: the MassTransit floor, a burst of unique seed-sized files through
// the four services as processes, CPU per file of every process (RabbitMQ and PostgreSQL included), idle latency,
// peak memory, and optionally the same burst with more replicas of one stage. Writes docs/benchmarks-pipeline.md.
//
//   dotnet build bench/IngestPlatform.Pipeline.Bench -c Release
//   dotnet run -c Release --no-build --project bench/IngestPlatform.Pipeline.Bench -- \
//       [--files 5000] [--hop-messages 5000] [--idle 7] [--replicas-of language-detector=2,4] \
//       [--set Section__Key=value ...] [--baseline-set Section__Key=value ...] [--label "what changed"] [--output docs/benchmarks-pipeline.md] [--trace folder]
//
// Servers as for the tests: INGEST_TEST_RABBITMQ, INGEST_TEST_RABBITMQ_MANAGEMENT, INGEST_TEST_POSTGRES (local).
var options = BenchOptions.Parse(args);
var started = DateTimeOffset.UtcNow;
var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
await using var servers = await Servers.ConnectAsync();
var rabbitMqPid = await servers.RabbitMqPidAsync();
var postmasterPid = await servers.PostmasterPidAsync();
var report = new Report(options, started, load, await servers.RabbitMqVersionAsync(), await servers.PostgresDescriptionAsync());

Console.WriteLine($"Floor: {options.HopMessages} MassTransit hops...");
report.Hop = await HopBench.RunAsync(servers, options.HopMessages, rabbitMqPid);
Console.WriteLine(report.HopTable());

if (options.BaselineSettings.Count > 0)
{
    var baseline = new Dictionary<string, string>(options.Settings);
    foreach (var (key, value) in options.BaselineSettings)
    {
        baseline[key] = value;
    }

    Console.WriteLine($"Baseline: {options.Files} files with {string.Join(", ", options.BaselineSettings.Select(s => $"{s.Key}={s.Value}"))}...");
    report.Baseline = await Burst.RunAsync(servers, options.Files, options.ScaledService, 1, options.IdleFiles, baseline, rabbitMqPid, postmasterPid);
}

Console.WriteLine($"Pipeline: {options.Files} files, then {options.IdleFiles} single files on the idle stack...");
report.Main = await Burst.RunAsync(servers, options.Files, options.ScaledService, 1, options.IdleFiles, options.Settings, rabbitMqPid, postmasterPid, options.TraceFolder);
Console.WriteLine(report.BurstTable());
Console.WriteLine(report.IdleTable());

foreach (var replicas in options.ReplicaCounts)
{
    Console.WriteLine($"Pipeline: {options.Files} files with {replicas} replicas of {options.ScaledService}...");
    report.Scaled.Add(await Burst.RunAsync(servers, options.Files, options.ScaledService, replicas, 0, options.Settings, rabbitMqPid, postmasterPid));
}

if (report.Scaled.Count > 0)
{
    Console.WriteLine(report.ScalingTable());
}

Console.WriteLine(report.ComparisonTable());
Console.WriteLine(report.GoalsTable());
var output = Path.GetFullPath(options.Output, RepositoryPaths.Root);
report.Write(output);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {output} ({(DateTimeOffset.UtcNow - started).TotalMinutes:F1} minutes)."));
