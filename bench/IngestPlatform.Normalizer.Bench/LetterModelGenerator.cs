using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

/// <summary>
/// Writes services/IngestPlatform.Normalizer/Text/LetterModels.txt.br, the small language model the decoder uses to
/// choose between code pages that decode the same bytes to different plausible texts. Derived from the unigram and
/// bigram files of SearchPioneer.Lingua 2.0.0 (Apache-2.0; Lingua's models are trained on the Leipzig corpora, not on
/// any of the project's evaluation corpora). Run:
/// <c>dotnet run -c Release --project bench/IngestPlatform.Normalizer.Bench -- generate-letter-models</c>.
/// </summary>
internal static class LetterModelGenerator
{
    // Scripts no code page on the decoder's list serves (Ethiopic, Indic, Georgian, Armenian): their models
    // would only cost memory.
    private static readonly HashSet<string> Skipped = ["am", "ti", "bn", "gu", "hi", "mr", "pa", "ta", "te", "si", "ka", "hy"];

    // Letters rarer than this in a language are "unseen" to the decoder's model; this keeps the file small.
    // Unigrams of Chinese and Japanese need the lower cut: most Han characters are individually rare.
    private const double MinimumUnigram = 1e-6;
    private const double MinimumBigram = 1e-4;

    public static void Run(string repositoryRoot)
    {
        var models = Path.Combine(
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "searchpioneer.lingua", "2.0.0", "contentFiles", "any", "any", "Lingua", "LanguageModels");
        var text = new StringBuilder();
        var entries = 0;
        foreach (var folder in Directory.GetDirectories(models).Order(StringComparer.Ordinal))
        {
            var language = Path.GetFileName(folder);
            if (Skipped.Contains(language))
            {
                continue;
            }

            text.Append('@').Append(language).Append('\n');
            foreach (var (kind, minimum) in new[] { ("unigrams", MinimumUnigram), ("bigrams", MinimumBigram) })
            {
                var path = Path.Combine(folder, kind + ".json.br");
                if (!File.Exists(path))
                {
                    continue; // Lingua has no bigrams for Chinese, Japanese and Korean.
                }

                using var stream = new BrotliStream(File.OpenRead(path), CompressionMode.Decompress);
                using var json = JsonDocument.Parse(stream);
                var lines = new List<(string Ngram, int Cost)>();
                foreach (var fraction in json.RootElement.GetProperty("ngrams").EnumerateObject())
                {
                    var parts = fraction.Name.Split('/');
                    var probability = double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture);
                    if (probability < minimum)
                    {
                        continue;
                    }

                    // Cost in quarter nats, one byte: -ln p of 1e-6 is 13.8 nats, 55 quarters.
                    var cost = (int)Math.Min(255, Math.Round(-Math.Log(probability) * 4));
                    lines.AddRange(fraction.Value.GetString()!.Split(' ').Select(ngram => (ngram, cost)));
                }

                foreach (var (ngram, cost) in lines.OrderBy(l => l.Ngram, StringComparer.Ordinal))
                {
                    text.Append(ngram).Append(' ').Append(cost.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    entries++;
                }
            }
        }

        var output = Path.Combine(repositoryRoot, "services", "IngestPlatform.Normalizer", "Text", "LetterModels.txt.br");
        using (var file = File.Create(output))
        using (var brotli = new BrotliStream(file, CompressionLevel.SmallestSize))
        {
            brotli.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }

        Console.WriteLine($"{entries} n-grams written to {output} ({new FileInfo(output).Length} bytes)");
    }
}
