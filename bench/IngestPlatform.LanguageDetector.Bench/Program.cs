using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using IngestPlatform.LanguageDetector.Bench;
using static System.FormattableString;
using IngestPlatform.LanguageDetector.Detection;
using IngestPlatform.LanguageDetector.Tests;
using IngestPlatform.TestSupport;
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
var corpus = SharedCorpus.Root;
var report = new StringBuilder();

var engines = new List<(string Name, LanguageDetectionEngine Engine, LanguageDetectionOptions Options)>
{
    ("Fast (defaults)", LanguageDetectionEngine.Fast, new LanguageDetectionOptions { PreloadModels = true }),
    ("Fast, RejectOutOfSet on", LanguageDetectionEngine.Fast, new LanguageDetectionOptions { PreloadModels = true, RejectOutOfSet = true }),
};
if (withLingua)
{
    // Lingua as its own accuracy report scores it: its best language, whatever the confidence.
    engines.Add(("Lingua 2.0.0 high accuracy", LanguageDetectionEngine.Lingua, LinguaReference.Settings));
}

// 1. Start-up and resident memory, each engine alone in a fresh process.
var probes = engines.Select(e => e.Engine).Distinct().ToDictionary(e => e, Probe.Spawn);

// 2. Accuracy and throughput in this process. Every set is read with its expected size, so a broken corpus stops the run.
var udhr = Path.Combine(corpus, "udhr");
var linguaData = Path.Combine(corpus, "lingua-testdata");
var sets = new (string Name, string TunedOn, IReadOnlyList<CorpusItem> Items)[]
{
    ("UDHR clean documents", "out-of-set constants (half of its languages)", SharedCorpus.Expect(UdhrCorpus.Documents(udhr, true), UdhrCorpus.SupportedDocuments, "documents")),
    ("UDHR clean snippets", "out-of-set constants (half of its languages)", SharedCorpus.Expect(UdhrCorpus.Snippets(udhr, true), UdhrCorpus.SupportedSnippets, "snippets")),
    ("UDHR unsupported documents -> und", "out-of-set constants (half of its languages)", SharedCorpus.Expect(UdhrCorpus.Documents(udhr, false), UdhrCorpus.UnsupportedDocuments, "documents")),
    ("UDHR unsupported snippets -> und", "out-of-set constants (half of its languages)", SharedCorpus.Expect(UdhrCorpus.Snippets(udhr, false), UdhrCorpus.UnsupportedSnippets, "snippets")),
    ("lingua-testdata sentences", "nothing", SharedCorpus.Expect(LinguaTestData.Read(linguaData, "sentences"), LinguaTestData.Languages * LinguaTestData.LinesPerFile, "sentences")),
    ("lingua-testdata word pairs", "FloorCost (10 nats)", SharedCorpus.Expect(LinguaTestData.Read(linguaData, "word-pairs"), LinguaTestData.Languages * LinguaTestData.LinesPerFile, "word pairs")),
    ("lingua-testdata single words", "nothing", SharedCorpus.Expect(LinguaTestData.Read(linguaData, "single-words"), (LinguaTestData.Languages * LinguaTestData.LinesPerFile) - 143, "single words")),
    ("lingua-testdata paragraphs (5-10 sentences)", "nothing", SharedCorpus.Expect(LinguaTestData.Paragraphs(linguaData), LinguaTestData.Languages * LinguaTestData.ParagraphsPerLanguage, "paragraphs")),
};
var seeds = Directory.GetFiles(Path.Combine(root, "seeds"), "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();

var accuracy = new Dictionary<string, ScoreSheet[]>();
var throughput = new Dictionary<string, (double DocsPerSecond, double CharsPerSecond)>();
foreach (var (name, engine, settings) in engines)
{
    Console.Error.WriteLine($"[{name}] building");
    var options = Options.Create(settings);
    ILanguageIdentifier identifier = engine == LanguageDetectionEngine.Fast
        ? new NgramLanguageIdentifier(options)
        : new LinguaLanguageIdentifier(options);
    Console.Error.WriteLine($"[{name}] accuracy");
    accuracy[name] = [.. sets.Select(s => ScoreSheet.Of(s.Items, identifier.Identify, threads: Environment.ProcessorCount))];
    Console.Error.WriteLine($"[{name}] throughput");
    throughput[name] = Measure(identifier, seeds, TimeSpan.FromSeconds(engine == LanguageDetectionEngine.Fast ? 5 : 10));
}

// 3. The service itself against the local RabbitMQ: start to consumer bound, then memory after real work.
ServiceProbe.Result? service = null;
if (withService)
{
    Console.Error.WriteLine("[service] starting");
    var messages = seeds.Concat(sets.Take(4).SelectMany(s => s.Items).Select(i => i.Text)).ToArray();
    service = await ServiceProbe.RunAsync(messages, runs: 5);
}

var fast = engines[0].Name;
var lingua = withLingua ? engines[^1].Name : null;
report.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {RuntimeInformationText()}; throughput on one thread; accuracy scored on {Environment.ProcessorCount} threads.");
report.AppendLine();
report.AppendLine("Share answered as expected (the language's code; `und` for the unsupported sets). Rows 'und, 200+ chars': supported-language items of 200+ characters answered `und`.");
report.AppendLine();
report.AppendLine("| set (items) | thresholds or weights tuned on it | " + string.Join(" | ", engines.Select(e => e.Name)) + (withLingua ? " | fast - Lingua |" : " |"));
report.AppendLine("| --- | --- | " + string.Join(" | ", engines.Select(_ => "---")) + (withLingua ? " | --- |" : " |"));
for (var i = 0; i < sets.Length; i++)
{
    var row = Invariant($"| {sets[i].Name} ({sets[i].Items.Count}) | {sets[i].TunedOn} | ") + string.Join(" | ", engines.Select(e => Percent(accuracy[e.Name][i])));
    report.AppendLine(row + (lingua is not null ? Invariant($" | {accuracy[fast][i].Right - accuracy[lingua][i].Right:+0;-0;0} items |") : " |"));
}

for (var i = 0; i < sets.Length; i++)
{
    if (accuracy[fast][i].LongSupported > 0)
    {
        report.AppendLine(Invariant($"| {sets[i].Name}: und, 200+ chars ({accuracy[fast][i].LongSupported}) | | ") + string.Join(" | ", engines.Select(e => ScoreSheet.Percent(accuracy[e.Name][i].LongUndetermined, accuracy[e.Name][i].LongSupported))) + " | |");
    }
}

report.AppendLine(Invariant($"| news articles / s ({seeds.Length} seeds, {seeds.Average(s => s.Length):0} chars avg) | | ") + string.Join(" | ", engines.Select(e => Invariant($"{throughput[e.Name].DocsPerSecond:0}"))) + (lingua is not null ? Invariant($" | {throughput[fast].DocsPerSecond / throughput[lingua].DocsPerSecond:0}x |") : " |"));
report.AppendLine("| million chars / s | | " + string.Join(" | ", engines.Select(e => Invariant($"{throughput[e.Name].CharsPerSecond / 1e6:0.00}"))) + (lingua is not null ? Invariant($" | {throughput[fast].CharsPerSecond / throughput[lingua].CharsPerSecond:0}x |") : " |"));
report.AppendLine("| time to ready (fresh process) | | " + string.Join(" | ", engines.Select(e => Invariant($"{probes[e.Engine].ReadySeconds:0.00} s"))) + (lingua is not null ? Invariant($" | {probes[LanguageDetectionEngine.Lingua].ReadySeconds / probes[LanguageDetectionEngine.Fast].ReadySeconds:0}x faster |") : " |"));
report.AppendLine("| peak resident memory (fresh process) | | " + string.Join(" | ", engines.Select(e => Invariant($"{probes[e.Engine].PeakMegabytes:0} MB"))) + (lingua is not null ? Invariant($" | {probes[LanguageDetectionEngine.Lingua].PeakMegabytes / probes[LanguageDetectionEngine.Fast].PeakMegabytes:0.0}x less |") : " |"));
report.AppendLine();

var calibration = UdhrCorpus.CalibrationLanguages(udhr);
report.AppendLine("The UDHR sets split by language: the half the out-of-set constants were chosen on, and the held-out half.");
report.AppendLine();
report.AppendLine("| set | " + string.Join(" | ", engines.Select(e => e.Name + ", calibration half | " + e.Name + ", held-out half")) + " |");
report.AppendLine("| --- | " + string.Join(" | ", engines.Select(_ => "--- | ---")) + " |");
for (var i = 0; i < 4; i++)
{
    var set = sets[i];
    report.AppendLine($"| {set.Name} | " + string.Join(" | ", engines.Select(e =>
    {
        var sheet = accuracy[e.Name][i];
        string Half(bool inCalibration)
        {
            var lines = sheet.Languages.Where(l => calibration.Contains(l.Key) == inCalibration).Select(l => l.Value).ToList();
            return ScoreSheet.Percent(lines.Sum(l => l.Right), lines.Sum(l => l.Total));
        }

        return Half(true) + " | " + Half(false);
    })) + " |");
}

report.AppendLine();
if (service is not null)
{
    report.AppendLine("The language-detector service (fast engine, defaults), started as `dotnet IngestPlatform.LanguageDetector.dll` against the local RabbitMQ:");
    report.AppendLine();
    report.AppendLine("| measure | service |");
    report.AppendLine("| --- | --- |");
    report.AppendLine(Invariant($"| process start -> consumer bound to `language-detector` (median of {service.Runs} starts) | {service.ReadySecondsMedian:0.00} s |"));
    report.AppendLine(Invariant($"| process start -> consumer bound, slowest of {service.Runs} | {service.ReadySecondsMax:0.00} s |"));
    report.AppendLine(Invariant($"| resident memory (VmRSS) after {service.Documents} messages (seeds + UDHR items) | {service.RssMegabytes:0} MB |"));
    report.AppendLine(Invariant($"| peak resident memory (VmHWM) over the run | {service.PeakRssMegabytes:0} MB |"));
    report.AppendLine(Invariant($"| {service.Documents} messages published -> all detected | {service.ProcessSeconds:0.0} s |"));
    report.AppendLine();
}

// Per-language tables, fast (defaults) beside Lingua, one per set.
for (var i = 0; i < sets.Length; i++)
{
    report.AppendLine(CultureInfo.InvariantCulture, $"### {sets[i].Name}, per language");
    report.AppendLine();
    var sheets = new List<(string, ScoreSheet)> { (fast, accuracy[fast][i]) };
    if (i is 2 or 3 or 7)
    {
        sheets.Add((engines[1].Name, accuracy[engines[1].Name][i]));
    }

    if (lingua is not null)
    {
        sheets.Add((lingua, accuracy[lingua][i]));
    }

    report.AppendLine(ScoreSheet.SideBySide(sheets, errorsShown: i < 4 ? 10 : 3));
}

Console.WriteLine(report);
if (outIndex >= 0)
{
    File.WriteAllText(args[outIndex + 1], report.ToString());
}

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

static string Percent(ScoreSheet sheet) => ScoreSheet.Percent(sheet.Right, sheet.Total);

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
