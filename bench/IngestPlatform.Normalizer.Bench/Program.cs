using System.Diagnostics;
using System.Globalization;
using IngestPlatform.Normalizer.Tests;
using IngestPlatform.Normalizer.Text;

// Throughput of TextNormalizer.Normalize on the seeds and on the UDHR corpus, one core, in-memory bytes.
// Run from the repository root: dotnet run -c Release --project bench/IngestPlatform.Normalizer.Bench
var root = FindRoot(Directory.GetCurrentDirectory());
if (args is ["generate-letter-models"])
{
    LetterModelGenerator.Run(root);
    return;
}

var corpus = Path.GetFullPath(Path.Combine(root, "..", "shared", "corpus"));
var udhr = Path.Combine(corpus, "udhr", "documents");
var udhrFiles = Directory.GetFiles(udhr, "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
var chardet = DecodingCorpora.Chardet(Path.Combine(corpus, "chardet"));
var prose = DecodingCorpora.Prose(Path.Combine(corpus, "lingua-testdata"));
var sets = new (string Name, byte[][] Files)[]
{
    ("seeds (5 French news articles, UTF-8)", Directory.GetFiles(Path.Combine(root, "seeds"), "*.txt").Select(File.ReadAllBytes).ToArray()),
    ("UDHR corpus (146 files, 25 encodings)", udhrFiles),
    ("UDHR, UTF-8 files only", udhrFiles.Where(f => System.Text.Unicode.Utf8.IsValid(f)).ToArray()),
    ("UDHR, legacy encodings only (detector path)", udhrFiles.Where(f => !System.Text.Unicode.Utf8.IsValid(f)).ToArray()),
    ($"chardet ({chardet.Count} files, ~40 encodings)", chardet.Select(i => i.Bytes).ToArray()),
    ($"stand-in prose ({prose.Count} documents, legacy encodings)", prose.Select(i => i.Bytes).ToArray()),
};

var normalizer = new TextNormalizer();
const int Iterations = 5;
Console.WriteLine($"TextNormalizer.Normalize, .NET {Environment.Version}, {Environment.ProcessorCount} cores (one used), {Iterations} timed iterations after a warm-up round");
Console.WriteLine();
Console.WriteLine("| input | files | MB | median ms/pass | MB/s | files/s |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
foreach (var (name, files) in sets)
{
    var bytes = files.Sum(f => (long)f.Length);
    for (var warmUp = 0; warmUp < 1; warmUp++)
    {
        Run(normalizer, files);
    }

    var timings = new double[Iterations];
    for (var i = 0; i < Iterations; i++)
    {
        var stopwatch = Stopwatch.StartNew();
        Run(normalizer, files);
        timings[i] = stopwatch.Elapsed.TotalMilliseconds;
    }

    Array.Sort(timings);
    var median = timings[Iterations / 2];
    var megabytes = bytes / 1_000_000.0;
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {name} | {files.Length} | {megabytes:F3} | {median:F1} | {megabytes / (median / 1000):F1} | {files.Length / (median / 1000):F0} |"));
}

// Accuracy of the decoder alone, per corpus and encoding (UDHR tuned the thresholds; chardet and the prose
// stand-in did not), then what the process holds: the letter models are loaded once, on the first legacy file.
Console.WriteLine();
Console.WriteLine(DecodingCorpora.Table("UDHR (tuning corpus)", DecodingCorpora.Decode(DecodingCorpora.Udhr(Path.Combine(corpus, "udhr"))), byEncoding: false));
Console.WriteLine(DecodingCorpora.Table("chardet", DecodingCorpora.Decode(chardet), byEncoding: false));
Console.WriteLine(DecodingCorpora.Table("stand-in prose", DecodingCorpora.Decode(prose), byEncoding: false));
using var process = Process.GetCurrentProcess();
process.Refresh();
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"managed heap after full GC: {GC.GetTotalMemory(forceFullCollection: true) / 1e6:F1} MB; peak working set: {process.PeakWorkingSet64 / 1e6:F0} MB"));

static void Run(TextNormalizer normalizer, byte[][] files)
{
    foreach (var file in files)
    {
        // Results are consumed so the JIT cannot drop the work.
        if (normalizer.Normalize(file) is { Document: null, RejectionReason: null })
        {
            throw new InvalidOperationException("A result must be a document or a rejection.");
        }
    }
}

static string FindRoot(string start)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "IngestPlatform.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run from inside the repository (IngestPlatform.sln not found above the current directory).");
}
