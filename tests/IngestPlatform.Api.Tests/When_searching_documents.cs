using System.Net.Http.Json;
using System.Text.RegularExpressions;
using IngestPlatform.TestSupport;
using IngestPlatform.Api.Documents;

namespace IngestPlatform.Api.Tests;

[Collection(ApiCollection.Name)]
public class When_searching_documents(ApiFixture api)
{
    [Fact]
    public async Task Should_find_the_french_seeds_for_otan_russie_ranked()
    {
        var result = await SearchAsync("/documents?q=otan russie");

        Assert.Equal(5, result.Total);
        Assert.Equal(Catalogue.Seeds.Select(Id).Order(), result.Items.Select(h => h.Id).Order());
        Assert.All(result.Items, h => Assert.True(h.Rank > 0));
        Assert.Equal(result.Items.Select(h => h.Rank).OrderDescending(), result.Items.Select(h => h.Rank));
        // Read off the texts. ts_rank_cd scores covers, stretches holding both words, the shorter the
        // better, title (weight A) over text (B). 004 is about the "Conseil Russie-Otan": the two words side
        // by side four times, the title among them; 003 has "L'OTAN et la Russie" in its title and twice
        // more, and names them most often (23 and 27 times). 002 is Washington's letter: OTAN twice,
        // Russie five times, never close, and no OTAN in its title.
        Assert.Equal(new[] { Id("004"), Id("003") }, result.Items.Take(2).Select(h => h.Id));
        Assert.Equal(Id("002"), result.Items[^1].Id);
    }

    [Fact]
    public async Task Should_stem_a_french_query_as_the_documents_were()
    {
        // No seed holds the singular "négociation"; 002, 003 and 004 hold the plural. The French
        // configuration reduces both to 'négoci' (the English one would make the plural 'négociat').
        var seeds = Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Select(File.ReadAllText).ToArray();
        Assert.DoesNotContain(seeds, t => Regex.IsMatch(t, @"\bnégociation\b", RegexOptions.IgnoreCase));

        var result = await SearchAsync("/documents?q=négociation");

        Assert.Equal(new[] { Id("002"), Id("003"), Id("004") }.Order(), result.Items.Select(h => h.Id).Order());
        Assert.All(result.Items, h => Assert.Contains("**négociations**", h.Snippet, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("negotiation", Catalogue.English)]
    [InlineData("Verhandlung", Catalogue.German)]
    [InlineData("ipsum", Catalogue.Undetermined)]
    public async Task Should_parse_the_query_with_each_documents_own_configuration(string q, string key)
    {
        // "negotiations"/"negotiating" stem to 'negoti' in English, "Verhandlungen" to 'verhandl' in German;
        // an undetermined text is indexed word for word ('simple').
        var result = await SearchAsync($"/documents?q={q}");

        Assert.Equal(Id(key), Assert.Single(result.Items).Id);
    }

    [Fact]
    public async Task Should_honour_the_web_search_syntax()
    {
        var result = await SearchAsync("/documents?q=otan -négociations");

        Assert.Equal(new[] { Id("000"), Id("001") }.Order(), result.Items.Select(h => h.Id).Order());
    }

    [Fact]
    public async Task Should_restrict_the_search_to_one_language()
    {
        var french = await SearchAsync("/documents?q=otan russie&lang=fr");
        var english = await SearchAsync("/documents?q=otan&lang=en");
        var german = await SearchAsync("/documents?lang=de");

        Assert.Equal(5, french.Total);
        Assert.Empty(english.Items);
        Assert.Equal(Id(Catalogue.German), Assert.Single(german.Items).Id);
    }

    [Fact]
    public async Task Should_list_the_newest_first_without_a_query()
    {
        var result = await SearchAsync("/documents");

        string[] newestFirst = [Catalogue.Undetermined, Catalogue.German, Catalogue.English, "004", "003", "002", "001", "000"];
        Assert.Equal(newestFirst.Select(Id), result.Items.Select(h => h.Id));
        Assert.All(result.Items, h => Assert.Null(h.Rank));
        Assert.All(result.Items, h => Assert.False(string.IsNullOrWhiteSpace(h.Snippet)));
        var seed = result.Items.Single(h => h.Id == Id("004"));
        Assert.Equal("Ce qu’il faut retenir de la réunion du Conseil Russie-Otan à Bruxelles", seed.Title);
        Assert.Equal("fr", seed.Language);
        Assert.Equal(Catalogue.At(4), seed.StoredAt);
    }

    [Fact]
    public async Task Should_count_the_sources_of_each_hit()
    {
        var result = await SearchAsync("/documents?q=otan");

        Assert.Equal(2, result.Items.Single(h => h.Id == Id("002")).SourceCount);
        Assert.All(result.Items.Where(h => h.Id != Id("002")), h => Assert.Equal(1, h.SourceCount));
    }

    [Theory]
    [InlineData("from=2026-01-02&to=2026-01-03", new[] { "002", "001" })]
    [InlineData("from=2026-01-02T10:00:00Z&to=2026-01-02T10:00:00Z", new[] { "001" })]
    [InlineData("from=2026-01-07", new[] { Catalogue.Undetermined, Catalogue.German })]
    [InlineData("to=2026-01-01T23:59:59%2B01:00", new[] { "000" })]
    [InlineData("q=otan&to=2026-01-02", new[] { "001", "000" })]
    public async Task Should_filter_on_when_documents_were_stored(string query, string[] keys)
    {
        var result = await SearchAsync($"/documents?{query}");

        Assert.Equal(keys.Select(Id).Order(), result.Items.Select(h => h.Id).Order());
    }

    [Fact]
    public async Task Should_page_through_the_results()
    {
        var second = await SearchAsync("/documents?page=2&pageSize=3");
        var beyond = await SearchAsync("/documents?page=4&pageSize=3");

        Assert.Equal(new[] { Id("004"), Id("003"), Id("002") }, second.Items.Select(h => h.Id));
        Assert.Equal((8L, 3L, 2, 3), (second.Total, second.TotalPages, second.Page, second.PageSize));
        Assert.Empty(beyond.Items);
        Assert.Equal(8, beyond.Total);
    }

    private long Id(string key) => api.Seeded.DocumentIds[key];

    private async Task<PagedResult<DocumentHit>> SearchAsync(string url) =>
        (await api.Client.GetFromJsonAsync<PagedResult<DocumentHit>>(url))!;
}
