using System.Globalization;

namespace IngestPlatform.Pipeline.Bench;

/// <summary>The command line: <c>--files</c>, <c>--hop-messages</c>, <c>--idle</c>, <c>--replicas-of</c>, <c>--set</c>, <c>--baseline-set</c> (a second burst first, with these settings on top, to compare in one run), <c>--label</c>, <c>--output</c>, <c>--trace</c> (a folder: a CPU-sampling <c>dotnet-trace</c> of every service during the burst; its CPU figures then include the tracing).</summary>
internal sealed record BenchOptions(
    int Files,
    int HopMessages,
    int IdleFiles,
    string ScaledService,
    IReadOnlyList<int> ReplicaCounts,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyDictionary<string, string> BaselineSettings,
    string Label,
    string Output,
    string? TraceFolder,
    string CommandLine)
{
    public static BenchOptions Parse(string[] args)
    {
        var files = 5000;
        var hops = 5000;
        var idle = 7;
        var scaled = Stack.LanguageDetector;
        IReadOnlyList<int> replicas = [];
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var baseline = new Dictionary<string, string>(StringComparer.Ordinal);
        var label = "";
        var output = "docs/benchmarks-pipeline.md";
        string? trace = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--files": files = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--hop-messages": hops = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--idle": idle = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--label": label = value; break;
                case "--output": output = value; break;
                case "--trace": trace = Path.GetFullPath(value); break;
                case "--set" or "--baseline-set":
                    var (key, setting) = value.Split('=', 2) is [var k, var v] ? (k, v) : throw new ArgumentException($"{args[i]} {value}: expected Section__Key=value.");
                    (args[i] == "--set" ? settings : baseline)[key] = setting;
                    break;
                case "--replicas-of":
                    // language-detector=2,4
                    var parts = value.Split('=', 2);
                    scaled = parts[0] switch
                    {
                        "normalizer" => Stack.Normalizer,
                        "language-detector" => Stack.LanguageDetector,
                        "storage" => Stack.Storage,
                        _ => throw new ArgumentException($"--replicas-of {parts[0]}: normalizer, language-detector or storage."),
                    };
                    replicas = parts.Length == 2 ? [.. parts[1].Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))] : [2, 4];
                    break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }

            i++;
        }

        return new BenchOptions(files, hops, idle, scaled, replicas, settings, baseline, label, output, trace, string.Join(' ', args));
    }
}
