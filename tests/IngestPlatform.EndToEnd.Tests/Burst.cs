using System.Diagnostics;
using IngestPlatform.TestSupport;
using Npgsql;
using Xunit;

namespace IngestPlatform.EndToEnd.Tests;

/// <summary>A burst of distinct small articles for the fault tests, and the checks every fault test makes after it.</summary>
public static class Burst
{
    /// <summary>Writes <paramref name="files"/> distinct articles, numbered from <paramref name="first"/>.</summary>
    public static async Task WriteAsync(Pipeline pipeline, int files, int first = 0)
    {
        for (var i = first; i < first + files; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(pipeline.Inbox, $"article-{i:0000}.txt"),
                $"Article numéro {i}. Le conseil municipal s'est réuni mardi soir pour voter le budget de l'année {2000 + i}, " +
                "après un long débat sur la rénovation des écoles et le prix de l'eau dans la commune.");
        }
    }

    /// <summary>Waits (tightly, the burst is fast) until at least <paramref name="count"/> files are in <c>document_sources</c>.</summary>
    public static async Task WaitForStoredAsync(Pipeline pipeline, int count, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while ((await pipeline.SourcesAsync()).Count < count)
        {
            Assert.True(clock.Elapsed < patience, $"fewer than {count} files stored in {patience}{Environment.NewLine}{pipeline.Logs}");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    /// <summary>
    /// Every file stored exactly once, no failure row, nothing left in the inbox, every queue drained and nothing in
    /// any <c>_error</c> queue once the broker has been quiet a while.
    /// </summary>
    public static async Task AssertDeliveredOnceAsync(RabbitMqFixture broker, Pipeline pipeline, int files, TimeSpan patience)
    {
        var sources = await Eventually.WaitForAsync(pipeline.SourcesAsync, s => s.Count >= files, patience,
            $"{files} files in document_sources", () => pipeline.Logs);
        var queues = await QueueCounts.WaitForQuietAsync(broker, pipeline.VirtualHost, TimeSpan.FromSeconds(5), patience, () => pipeline.Logs);

        Assert.Equal(files, (await pipeline.SourcesAsync()).Count);
        Assert.Equal(files, sources.Select(s => s.RelativePath).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(files, (await pipeline.DocumentsAsync()).Count);
        Assert.Empty(await pipeline.FailuresAsyncOrEmpty());
        Assert.DoesNotContain(Directory.GetFiles(pipeline.Inbox), f => !Path.GetFileName(f).StartsWith('.'));
        Assert.All(queues, q => Assert.True(q.Value == 0, $"{q.Key} holds {q.Value} messages"));
    }

    /// <summary>When the last file was stored (PostgreSQL's clock, the same machine's as the test's).</summary>
    public static async Task<DateTimeOffset> LastStoredAsync(Pipeline pipeline)
    {
        await using var connection = new NpgsqlConnection(pipeline.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT max(stored_at) FROM document_sources", connection);
        return new DateTimeOffset((DateTime)(await query.ExecuteScalarAsync())!, TimeSpan.Zero);
    }
}
