using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using IngestPlatform.LanguageDetector.Bench;
using static System.FormattableString;
using IngestPlatform.LanguageDetector.Detection;
using IngestPlatform.LanguageDetector.Tests;
using Microsoft.Extensions.Options;

// Fast detector and Lingua side by side, in one run on one machine, so ratios hold whatever the load.
//   dotnet run -c Release --project bench/IngestPlatform.LanguageDetector.Bench [-- --no-lingua] [--out FILE]
// Start-up and memory are measured in child processes (this program with --probe), one per engine.
if (args is ["--probe", var probed])
{
    Probe.Run(Enum.Parse<LanguageDetectionEngine>(probed));
    return;
}

var withLingua = !args.Contains("--no-lingua");
var withService = !args.Contains("--no-service");
var outIndex = Array.IndexOf(args, "--out");
var root = typeof(Probe).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
var corpus = Path.GetFullPath(Path.Combine(root, "..", "shared", "corpus"));
var report = new StringBuilder();

var engines = new List<(string Name, LanguageDetectionEngine Engine)> { ("Fast (n-gram index)", LanguageDetectionEngine.Fast) };
if (withLingua)
{
    engines.Add(("Lingua 2.0.0 high accuracy", LanguageDetectionEngine.Lingua));
}

// 1. Start-up and resident memory, each engine alone in a fresh process.
var probes = engines.ToDictionary(e => e.Engine, e => Probe.Spawn(e.Engine));

// 2. Accuracy and throughput in this process.
var sets = new (string Name, IReadOnlyList<CorpusItem> Items)[]
{
    ("clean documents", UdhrCorpus.Documents(corpus, linguaSupported: true)),
    ("clean snippets", UdhrCorpus.Snippets(corpus, linguaSupported: true)),
    ("unsupported documents -> und", UdhrCorpus.Documents(corpus, linguaSupported: false)),
    ("unsupported snippets -> und", UdhrCorpus.Snippets(corpus, linguaSupported: false)),
};
var seeds = Directory.GetFiles(Path.Combine(root, "seeds"), "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();

var accuracy = new Dictionary<LanguageDetectionEngine, List<(int Right, int Total, List<string> Errors)>>();
var throughput = new Dictionary<LanguageDetectionEngine, (double DocsPerSecond, double CharsPerSecond)>();
foreach (var (name, engine) in engines)
{
    Console.Error.WriteLine($"[{name}] building");
    var options = Options.Create(new LanguageDetectionOptions { Engine = engine, PreloadModels = true });
    ILanguageIdentifier identifier = engine == LanguageDetectionEngine.Fast
        ? new NgramLanguageIdentifier(options)
        : new LinguaLanguageIdentifier(options);
    Console.Error.WriteLine($"[{name}] accuracy");
    accuracy[engine] = [.. sets.Select(s => Score(identifier, s.Items))];
    Console.Error.WriteLine($"[{name}] throughput");
    throughput[engine] = Measure(identifier, seeds, TimeSpan.FromSeconds(engine == LanguageDetectionEngine.Fast ? 5 : 10));
}

// 3. The service itself against the local RabbitMQ: start to consumer bound, then memory after real work.
ServiceProbe.Result? service = null;
if (withService)
{
    Console.Error.WriteLine("[service] starting");
    var messages = seeds.Concat(sets.SelectMany(s => s.Items).Select(i => i.Text)).ToArray();
    service = await ServiceProbe.RunAsync(messages, runs: 5);
}

var fast = LanguageDetectionEngine.Fast;
var lingua = LanguageDetectionEngine.Lingua;

report.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {RuntimeInformationText()}; throughput on one thread.");
report.AppendLine();
report.AppendLine("| measure | " + string.Join(" | ", engines.Select(e => e.Name)) + (withLingua ? " | fast / Lingua |" : ""));
report.AppendLine("| --- | " + string.Join(" | ", engines.Select(_ => "---")) + (withLingua ? " | --- |" : ""));
for (var i = 0; i < sets.Length; i++)
{
    var row = Invariant($"| {sets[i].Name} ({sets[i].Items.Count}) | ") + string.Join(" | ", engines.Select(e => Percent(accuracy[e.Engine][i])));
    report.AppendLine(row + (withLingua ? Invariant($" | {accuracy[fast][i].Right - accuracy[lingua][i].Right:+0;-0;0} items |") : ""));
}

report.AppendLine(Invariant($"| news articles / s ({seeds.Length} seeds, {seeds.Average(s => s.Length):0} chars avg) | ") + string.Join(" | ", engines.Select(e => Invariant($"{throughput[e.Engine].DocsPerSecond:0}"))) + (withLingua ? Invariant($" | {throughput[fast].DocsPerSecond / throughput[lingua].DocsPerSecond:0}x |") : ""));
report.AppendLine("| million chars / s | " + string.Join(" | ", engines.Select(e => Invariant($"{throughput[e.Engine].CharsPerSecond / 1e6:0.00}"))) + (withLingua ? Invariant($" | {throughput[fast].CharsPerSecond / throughput[lingua].CharsPerSecond:0}x |") : ""));
report.AppendLine("| time to ready (fresh process) | " + string.Join(" | ", engines.Select(e => Invariant($"{probes[e.Engine].ReadySeconds:0.00} s"))) + (withLingua ? Invariant($" | {probes[lingua].ReadySeconds / probes[fast].ReadySeconds:0}x faster |") : ""));
report.AppendLine("| peak resident memory (fresh process) | " + string.Join(" | ", engines.Select(e => Invariant($"{probes[e.Engine].PeakMegabytes:0} MB"))) + (withLingua ? Invariant($" | {probes[lingua].PeakMegabytes / probes[fast].PeakMegabytes:0.0}x less |") : ""));
report.AppendLine();
var calibration = UdhrCorpus.CalibrationLanguages(corpus);
report.AppendLine("The same sets split by language: the half the out-of-set constants were chosen on, and the held-out half.");
report.AppendLine();
report.AppendLine("| set | " + string.Join(" | ", engines.Select(e => e.Name + ", calibration half | " + e.Name + ", held-out half")) + " |");
report.AppendLine("| --- | " + string.Join(" | ", engines.Select(_ => "--- | ---")) + " |");
for (var i = 0; i < sets.Length; i++)
{
    var set = sets[i];
    report.AppendLine($"| {set.Name} | " + string.Join(" | ", engines.Select(e =>
    {
        var wrong = accuracy[e.Engine][i].Errors.Select(x => x.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        string Half(bool inCalibration)
        {
            var items = set.Items.Where(item => calibration.Contains(item.Lang) == inCalibration).ToList();
            return Percent((items.Count(item => !wrong.Contains(item.File)), items.Count, []));
        }

        return Half(true) + " | " + Half(false);
    })) + " |");
}

report.AppendLine();
if (service is not null)
{
    report.AppendLine("The language-detector service (fast engine, all languages), started as `dotnet IngestPlatform.LanguageDetector.dll` against the local RabbitMQ:");
    report.AppendLine();
    report.AppendLine("| measure | service |");
    report.AppendLine("| --- | --- |");
    report.AppendLine(Invariant($"| process start -> consumer bound to `language-detector` (median of {service.Runs} starts) | {service.ReadySecondsMedian:0.00} s |"));
    report.AppendLine(Invariant($"| process start -> consumer bound, slowest of {service.Runs} | {service.ReadySecondsMax:0.00} s |"));
    report.AppendLine(Invariant($"| resident memory (VmRSS) after {service.Documents} messages (seeds + corpus) | {service.RssMegabytes:0} MB |"));
    report.AppendLine(Invariant($"| peak resident memory (VmHWM) over the run | {service.PeakRssMegabytes:0} MB |"));
    report.AppendLine(Invariant($"| {service.Documents} messages published -> all detected | {service.ProcessSeconds:0.0} s |"));
    report.AppendLine();
}

foreach (var (name, engine) in engines)
{
    for (var i = 0; i < sets.Length; i++)
    {
        var errors = accuracy[engine][i].Errors;
        report.AppendLine(CultureInfo.InvariantCulture, $"{name}, {sets[i].Name}: {errors.Count} wrong{(errors.Count > 0 ? ": " + string.Join(", ", errors) : "")}");
        report.AppendLine();
    }
}

Console.WriteLine(report);
if (outIndex >= 0)
{
    File.WriteAllText(args[outIndex + 1], report.ToString());
}

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

static string Percent((int Right, int Total, List<string> Errors) r) =>
    string.Create(CultureInfo.InvariantCulture, $"{100.0 * r.Right / Math.Max(1, r.Total):0.0}% ({r.Right}/{r.Total})");

static (int Right, int Total, List<string> Errors) Score(ILanguageIdentifier identifier, IReadOnlyList<CorpusItem> items)
{
    var errors = new List<string>();
    var right = 0;
    foreach (var item in items)
    {
        var expected = item.LinguaSupported ? item.Lang : LanguageGuess.Undetermined;
        var guess = identifier.Identify(item.Text);
        if (guess.Language == expected)
        {
            right++;
        }
        else
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{item.File} {item.Lang}->{guess.Language} ({guess.Confidence:0.00})"));
        }
    }

    return (right, items.Count, errors);
}

static (double DocsPerSecond, double CharsPerSecond) Measure(ILanguageIdentifier identifier, string[] documents, TimeSpan duration)
{
    foreach (var document in documents)
    {
        identifier.Identify(document); // warm-up: JIT, lazily loaded models
    }

    long docs = 0, chars = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < duration)
    {
        foreach (var document in documents)
        {
            identifier.Identify(document);
            docs++;
            chars += document.Length;
        }
    }

    var seconds = clock.Elapsed.TotalSeconds;
    return (docs / seconds, chars / seconds);
}
