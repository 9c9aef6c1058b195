using System.Text;
using IngestPlatform.TestSupport;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>Large, distinct text files made from the seed articles, written straight to disk (never whole in memory).</summary>
public static class BigTextFiles
{
    /// <summary>Writes exactly <paramref name="bytes"/> bytes of UTF-8 text to <paramref name="path"/>, unique by <paramref name="tag"/>.</summary>
    public static void Write(string path, long bytes, string tag)
    {
        var seed = string.Concat(Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        long written = 0;
        for (var k = 0; written < bytes; k++)
        {
            var chunk = Encoding.UTF8.GetBytes($"{tag} paragraphe {k}\n{seed}\n");
            var take = (int)Math.Min(chunk.Length, bytes - written);
            // Cut on an ASCII byte so the file stays valid UTF-8 at its end.
            while (take < chunk.Length && take > 0 && chunk[take] >= 0x80 && chunk[take] < 0xC0)
            {
                take--;
            }

            if (take == 0)
            {
                chunk = "."u8.ToArray();
                take = 1;
            }

            file.Write(chunk, 0, take);
            written += take;
        }
    }
}
