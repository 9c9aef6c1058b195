using System.Security.Cryptography;
using System.Text;
using IngestPlatform.Contracts;
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
            var source = new SourceFile(Guid.NewGuid(), $"{i}.txt", $"bench/{i}.txt", raw.Length, Hash(raw), now, now, now);
            var metadata = new ArticleMetadata(
                seed.Metadata.PublicationDate, seed.Metadata.SourceUrl, seed.Metadata.Outlet, seed.Metadata.Copyright, seed.Metadata.PhotoCredits);
            var normalized = new DocumentNormalized(
                source, seed.Encoding, seed.Title, text, Encoding.UTF8.GetString(raw), Hash(Encoding.UTF8.GetBytes(text)), metadata,
                seed.WordCount + 3, new StageStamp("normalizer bench", now));
            return new LanguageDetected(normalized, "fr", 0.99, "it", new StageStamp("language-detector bench", now), []);
        })];
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
