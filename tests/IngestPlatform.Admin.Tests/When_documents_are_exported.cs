using System.Text.Json;
using IngestPlatform.Storage.Tests;
using IngestPlatform.TestSupport;
using Xunit.Abstractions;

namespace IngestPlatform.Admin.Tests;

[Collection(AdminCollection.Name)]
public class When_documents_are_exported(RabbitMqFixture broker, PostgresFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_write_them_as_json_lines_csv_and_only_the_matches_of_a_query()
    {
        await using var stack = await AdminStack.StartAsync(broker, server, output, "IngestPlatform.Storage");
        await stack.StoreAsync(
            Documents.Detected("L'OTAN se réunit\nLes ministres de l'OTAN négocient.", "otan.txt"),
            Documents.Detected("Météo\nIl pleut, \"beaucoup\", sur Paris.\nDemain aussi.", "meteo.txt"),
            Documents.Detected("Weather\nIt rains in London.", "weather.txt", language: "en"));

        var (jsonExit, json, jsonSummary) = await stack.AdminAsync("export", "--format", "jsonl");
        Assert.Equal(0, jsonExit);
        var lines = json.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        // Oldest first by stored_at; storage writes a batch at once, so the three are not in publication order.
        Assert.Contains("\"title\":\"Météo\"", json, StringComparison.Ordinal);
        var first = lines.Select(l => JsonDocument.Parse(l).RootElement).Single(d => d.GetProperty("title").GetString() == "L'OTAN se réunit");
        Assert.Equal("L'OTAN se réunit", first.GetProperty("title").GetString());
        Assert.Equal("fr", first.GetProperty("language").GetString());
        Assert.StartsWith("L'OTAN se réunit\nLes ministres", first.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Exported 3 document(s).", jsonSummary, StringComparison.Ordinal);

        // Matched with the document's own configuration: French stemming finds "ministres" for "ministre".
        var (queryExit, matches, _) = await stack.AdminAsync("export", "--format", "jsonl", "--query", "ministre");
        Assert.Equal(0, queryExit);
        var match = Assert.Single(matches.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("L'OTAN se réunit", JsonDocument.Parse(match).RootElement.GetProperty("title").GetString());

        var file = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.csv");
        try
        {
            var (csvExit, _, _) = await stack.AdminAsync("export", "--format", "csv", "--language", "fr", "--output", file);
            Assert.Equal(0, csvExit);
            var csv = await File.ReadAllTextAsync(file);
            Assert.StartsWith("id,content_sha256,title,language,", csv, StringComparison.Ordinal);
            // Quotes doubled, newlines kept inside the quoted field; the English document is not there.
            Assert.Contains("\"Météo\nIl pleut, \"\"beaucoup\"\", sur Paris.\nDemain aussi.\"", csv, StringComparison.Ordinal);
            Assert.DoesNotContain("London", csv, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        var (badExit, _, error) = await stack.AdminAsync("export", "--format", "xml");
        Assert.NotEqual(0, badExit);
        Assert.Contains("xml", error, StringComparison.Ordinal);
    }
}
