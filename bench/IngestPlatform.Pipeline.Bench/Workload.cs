using System.Text;
using IngestPlatform.TestSupport;

namespace IngestPlatform.Pipeline.Bench;

/// <summary>
/// Seed-sized files (2.5-10 KB of French news), each unique: the longest paragraph of a seed starts with a
/// numbered sentence, so every file is a distinct document (not a second source of the same one) and the
/// detector, normalizer and search index see real prose.
/// </summary>
internal static class Workload
{
    private static readonly string[] Seeds = [.. Directory.GetFiles(RepositoryPaths.Seeds, "*.txt")
        .Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    public static byte[] Content(string run, int index)
    {
        var seed = Seeds[index % Seeds.Length];
        var paragraphs = seed.Split("\n\n");
        var longest = Array.IndexOf(paragraphs, paragraphs.MaxBy(p => p.Length));
        paragraphs[longest] = $"Dépêche {run} numéro {index}. {paragraphs[longest]}";
        return Encoding.UTF8.GetBytes(string.Join("\n\n", paragraphs));
    }

    /// <summary>Writes the files into <paramref name="folder"/> (on the inbox's file system, so the drop is a rename).</summary>
    public static IReadOnlyList<string> Write(string folder, string run, int count, int first = 0)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>(count);
        for (var i = first; i < first + count; i++)
        {
            var path = Path.Combine(folder, $"{run}-{i:00000}.txt");
            File.WriteAllBytes(path, Content(run, i));
            paths.Add(path);
        }

        return paths;
    }

    public static double AverageBytes => Seeds.Average(s => Encoding.UTF8.GetByteCount(s));
}
