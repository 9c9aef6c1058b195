using System.Globalization;
using System.Text;

namespace IngestPlatform.Pipeline.Bench;

/// <summary>The run's figures as markdown tables, printed and written to <c>docs/benchmarks-pipeline.md</c>.</summary>
internal sealed class Report(BenchOptions options, DateTimeOffset started, string[] load, string rabbitMq, string postgres)
{
    /// <summary>The hand-kept section of the document: each change and its measured effect. Kept from the file as it is.</summary>
    private const string HistoryHeading = "## History";

    public HopBench.Result? Hop { get; set; }

    public Burst.Result? Main { get; set; }

    /// <summary>The same burst with <see cref="BenchOptions.BaselineSettings"/>, run first, when asked for.</summary>
    public Burst.Result? Baseline { get; set; }

    public List<Burst.Result> Scaled { get; } = [];

    private static string F(double value, string format = "F1") => value.ToString(format, CultureInfo.InvariantCulture);

    public string HopTable()
    {
        var hop = Hop!;
        return $"""
            | floor: MassTransit 8.5.12 hop, persistent + publisher confirms | value |
            | --- | ---: |
            | messages (after 200 of warm-up) | {hop.Messages} |
            | average body (a real `DocumentNormalized` of the bench's files, MassTransit's JSON envelope) | {F(hop.AverageBodyBytes / 1024)} KiB |
            | hops/s (publish + consume) | **{F(hop.PerSecond, "F0")}** |
            | files/s floor (hops/s ÷ 3) | {F(hop.PerSecond / 3, "F0")} |
            | CPU per hop, publishing + consuming process | {F(hop.ProcessCpuMsPerHop, "F2")} ms |
            | CPU per hop, RabbitMQ | {F(hop.RabbitMqCpuMsPerHop, "F2")} ms |

            """;
    }

    public string BurstTable()
    {
        var main = Main!;
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"""
            | pipeline: {main.Files} unique files dropped at once | value |
            | --- | ---: |
            | drop to last row | {F(main.DropToLastRow.TotalSeconds)} s |
            | files/s, drop to last row | **{F(main.FilesPerSecond, "F0")}** |
            | files/s, first discovered to last stored (without the watcher's `StableFor` wait) | {F(main.PipelineFilesPerSecond, "F0")} |
            | stored | {main.Integrity} |

            | process | CPU ms per file | share | peak RSS |
            | --- | ---: | ---: | ---: |
            """);
        foreach (var process in main.Processes.OrderByDescending(p => p.CpuMsPerFile))
        {
            builder.AppendLine(CultureInfo.InvariantCulture,
                $"| {process.Name} | {F(process.CpuMsPerFile, "F2")} | {F(process.CpuMsPerFile / main.CpuMsPerFile, "P0")} | {(process.PeakRssMegabytes is { } mb ? F(mb, "F0") + " MB" : "")} |");
        }

        builder.AppendLine(CultureInfo.InvariantCulture, $"| **whole machine** | **{F(main.CpuMsPerFile, "F2")}** | | |");
        return builder.ToString();
    }

    public string IdleTable()
    {
        var latencies = Main!.IdleLatenciesMs.Order().ToList();
        if (latencies.Count == 0)
        {
            return "";
        }

        return $"""
            | idle: single files dropped on the idle stack | value |
            | --- | ---: |
            | files | {latencies.Count} |
            | drop to row, p50 | **{F(Percentile(latencies, 0.50), "F0")} ms** |
            | drop to row, p99 (nearest rank: the slowest of so few) | {F(Percentile(latencies, 0.99), "F0")} ms |
            | each, in order of size | {string.Join(", ", latencies.Select(l => F(l, "F0")))} ms |
            | watcher `StableFor` | {F(StableFor.TotalMilliseconds, "F0")} ms |

            """;
    }

    public string ScalingTable()
    {
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"""
            | replicas of {options.ScaledService.Replace("IngestPlatform.", "", StringComparison.Ordinal)} | files/s (drop to last row) | vs 1 replica | CPU ms/file, machine | messages acknowledged by each replica (redelivered) | stored |
            | ---: | ---: | ---: | ---: | --- | --- |
            | 1 | {F(Main!.FilesPerSecond, "F0")} | 100% | {F(Main.CpuMsPerFile, "F2")} | all | {Main.Integrity} |
            """);
        foreach (var run in Scaled)
        {
            var total = run.Shares.Sum(s => s.Acknowledged);
            var shares = string.Join(", ", run.Shares.Select(s =>
                $"#{s.Replica}: {s.Acknowledged} ({(total > 0 ? F((double)s.Acknowledged / total, "P0") : "?")}, {s.Redelivered})"));
            builder.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Replicas} | {F(run.FilesPerSecond, "F0")} | {F(run.FilesPerSecond / Main.FilesPerSecond, "P0")} | {F(run.CpuMsPerFile, "F2")} | {shares} | {run.Integrity} |");
        }

        builder.AppendLine();
        builder.AppendLine("CPU ms per file by process, each run:");
        builder.AppendLine();
        var names = Main.Processes.Select(p => p.Name).Concat(Scaled.SelectMany(s => s.Processes.Select(p => p.Name))).Distinct(StringComparer.Ordinal).ToList();
        builder.AppendLine("| process | " + string.Join(" | ", new[] { Main }.Concat(Scaled).Select(r => $"{r.Replicas} replica(s)")) + " |");
        builder.AppendLine("| --- |" + string.Concat(Enumerable.Repeat(" ---: |", Scaled.Count + 1)));
        foreach (var name in names)
        {
            builder.AppendLine($"| {name} | " + string.Join(" | ", new[] { Main }.Concat(Scaled).Select(r =>
                r.Processes.FirstOrDefault(p => p.Name == name) is { } p ? F(p.CpuMsPerFile, "F2") : "")) + " |");
        }

        return builder.ToString();
    }

    /// <summary>The baseline burst against the main one, process by process: a change's effect measured in one run.</summary>
    public string ComparisonTable()
    {
        if (Baseline is not { } baseline)
        {
            return "";
        }

        var main = Main!;
        var settings = string.Join(", ", options.BaselineSettings.Select(s => $"`{s.Key}={s.Value}`"));
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"| in one run | baseline ({settings}) | this run's settings | change |");
        builder.AppendLine("| --- | ---: | ---: | ---: |");
        Row("files/s, drop to last row", baseline.FilesPerSecond, main.FilesPerSecond, "F0");
        Row("CPU ms per file, whole machine", baseline.CpuMsPerFile, main.CpuMsPerFile, "F2");
        Row("idle p50, ms", IdleP50(baseline), IdleP50(main), "F0");
        foreach (var process in main.Processes)
        {
            Row($"CPU ms per file, {process.Name}", baseline.Processes.FirstOrDefault(p => p.Name == process.Name)?.CpuMsPerFile ?? double.NaN, process.CpuMsPerFile, "F2");
        }

        return builder.ToString();

        void Row(string name, double before, double after, string format) =>
            builder.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {F(before, format)} | {F(after, format)} | {F(after / before - 1, "+0%;-0%")} |");
    }

    private static double IdleP50(Burst.Result result) =>
        result.IdleLatenciesMs.Count > 0 ? Percentile([.. result.IdleLatenciesMs.Order()], 0.5) : double.NaN;

    public string GoalsTable()
    {
        var main = Main!;
        var floor = Hop!.PerSecond / 3;
        var p50 = main.IdleLatenciesMs.Count > 0 ? Percentile([.. main.IdleLatenciesMs.Order()], 0.5) : double.NaN;
        var idleGoal = StableFor.TotalMilliseconds + 150;
        return $"""
            | goal (issue #10) | measured | met |
            | --- | ---: | --- |
            | CPU per file, whole machine ≤ 5 ms | {F(main.CpuMsPerFile, "F2")} ms | {Met(main.CpuMsPerFile <= 5)} |
            | files/s ≥ 50% of (hops/s ÷ 3) = {F(floor / 2, "F0")} | {F(main.FilesPerSecond, "F0")} ({F(main.FilesPerSecond / floor, "P0")} of hops/s ÷ 3) | {Met(main.FilesPerSecond >= floor / 2)} |
            | idle p50 ≤ `StableFor` + 150 ms = {F(idleGoal, "F0")} ms | {F(p50, "F0")} ms | {Met(p50 <= idleGoal)} |

            """;

        static string Met(bool met) => met ? "yes" : "**no**";
    }

    public void Write(string path)
    {
        var history = File.Exists(path) && File.ReadAllText(path) is var existing && existing.IndexOf(HistoryHeading, StringComparison.Ordinal) is >= 0 and var at
            ? existing[at..]
            : $"{HistoryHeading}\n\n| change | files/s | CPU ms/file | idle p50 | kept? |\n| --- | ---: | ---: | ---: | --- |\n";
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"""
            # Pipeline benchmark

            Written by `bench/IngestPlatform.Pipeline.Bench` (run {started:yyyy-MM-dd HH:mm} UTC, {F((DateTimeOffset.UtcNow - started).TotalMinutes)} minutes;
            arguments: `{(options.CommandLine.Length > 0 ? options.CommandLine : "(defaults)")}`{(options.Label.Length > 0 ? $"; {options.Label}" : "")}).
            {Environment.ProcessorCount} cores, load average {string.Join(" ", load)} at the start; RabbitMQ {rabbitMq}; PostgreSQL {postgres}.
            Everything on this one machine: the four services as processes (their Release builds, default settings{Settings()}),
            the bench's own virtual host and database on the shared servers. CPU is read from `/proc/<pid>/stat` before and
            after the burst; RabbitMQ and PostgreSQL are whole servers, so whatever else ran on them in the meantime counts too.
            Re-run it (about 3-5 minutes; add `--replicas-of language-detector=2,4` for the scaling table, about 2 more):

                export INGEST_TEST_RABBITMQ=amqp://guest:guest@127.0.0.1:5672
                export INGEST_TEST_RABBITMQ_MANAGEMENT=http://127.0.0.1:15672
                export INGEST_TEST_POSTGRES='Host=127.0.0.1;Port=5432;Username=ingest;Password=ingest;Database=postgres'
                dotnet build bench/IngestPlatform.Pipeline.Bench -c Release
                dotnet run -c Release --no-build --project bench/IngestPlatform.Pipeline.Bench -- --files 5000

            ## Goals

            {GoalsTable()}
            ## Floor

            {HopTable()}
            ## Burst

            {BurstTable()}
            ## Idle latency

            {IdleTable()}
            """);
        if (Baseline is not null)
        {
            builder.AppendLine("## Against the baseline, in the same run");
            builder.AppendLine();
            builder.AppendLine(ComparisonTable());
        }

        if (Scaled.Count > 0)
        {
            builder.AppendLine("## Scaling out");
            builder.AppendLine();
            builder.AppendLine(ScalingTable());
        }

        builder.Append(history);
        File.WriteAllText(path, builder.ToString());
    }

    private string Settings() =>
        options.Settings.Count == 0 ? "" : "; " + string.Join(", ", options.Settings.Select(s => $"`{s.Key}={s.Value}`"));

    private TimeSpan StableFor =>
        options.Settings.TryGetValue("Watcher__StableFor", out var value) ? TimeSpan.Parse(value, CultureInfo.InvariantCulture) : TimeSpan.FromSeconds(1);

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
