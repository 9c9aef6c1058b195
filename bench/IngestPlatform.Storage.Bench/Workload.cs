using System.Text;
using IngestPlatform.Contracts;
using IngestPlatform.Normalizer;
using IngestPlatform.Normalizer.Text;
using IngestPlatform.TestSupport;

namespace IngestPlatform.Storage.Bench;

/// <summary>Realistic rows: the seed articles as the normalizer makes them, each made distinct by a numbered line.</summary>
internal static class Workload
{
    public static LanguageDetected[] Build(int count)
    {
        var normalizer = new TextNormalizer();
        var seeds = Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Order(StringComparer.Ordinal)
            .Select(f => normalizer.Normalize(File.ReadAllBytes(f)).Document!)
            .ToArray();
        var now = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var seed = seeds[i % seeds.Length];
            var text = $"{seed.Text}\n\nDépêche numéro {i}.";
            var raw = Encoding.UTF8.GetBytes($"{seed.OriginalText}\n\nDépêche numéro {i}.");
            var normalized = DocumentNormalizedMapping.From(Messages.SourceFile($"bench/{i}.txt", raw, now), seed, new StageStamp("normalizer bench", now)) with
            {
                Text = text, OriginalText = Encoding.UTF8.GetString(raw), ContentSha256 = Messages.Sha256(Encoding.UTF8.GetBytes(text)), WordCount = seed.WordCount + 3,
            };
            return Messages.LanguageDetected(normalized, "fr", 0.99, "it") with { Stage = new StageStamp("language-detector bench", now) };
        })];
    }
}
