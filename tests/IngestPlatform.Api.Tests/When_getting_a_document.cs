using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IngestPlatform.Api.Documents;

namespace IngestPlatform.Api.Tests;

[Collection(ApiCollection.Name)]
public class When_getting_a_document(ApiFixture api)
{
    [Fact]
    public async Task Should_return_its_text_metadata_language_and_versions()
    {
        var document = await GetAsync(Id("004"));

        Assert.Equal("Ce qu’il faut retenir de la réunion du Conseil Russie-Otan à Bruxelles", document.Title);
        Assert.Contains("Une réunion du Conseil Russie-Otan", document.Text, StringComparison.Ordinal);
        Assert.Equal(("fr", 0.97, "it", "french"), (document.Language, document.LanguageConfidence, document.LanguageRunnerUp, document.SearchConfig));
        Assert.Equal("2022-01-12", document.Metadata.PublicationDate);
        Assert.Equal("sputniknews.com", document.Metadata.Outlet);
        Assert.StartsWith("https://fr.sputniknews.com/20220112/", document.Metadata.SourceUrl, StringComparison.Ordinal);
        Assert.Equal(new PipelineVersions(Catalogue.NormalizerVersion, Catalogue.DetectorVersion), document.Versions);
        Assert.Equal("utf-8", document.Encoding);
        Assert.All(document.Sources, source => Assert.Equal(1.0, source.EncodingConfidence));
        Assert.All(document.Sources, source => Assert.Null(source.EncodingCandidates));
        Assert.Equal(64, document.ContentSha256.Length);
        Assert.InRange(document.WordCount, 150, 2000);
        Assert.Equal(Catalogue.At(4), document.StoredAt);
    }

    [Fact]
    public async Task Should_return_the_language_segments_of_a_mixed_document_and_none_otherwise()
    {
        var mixed = await GetAsync(Id(Catalogue.English));
        var french = await GetAsync(Id("004"));

        Assert.Equal(
            Catalogue.EnglishSegments.Select(s => (s.Start, s.Length, s.Language, s.Confidence)),
            mixed.LanguageSegments.Select(s => (s.Start, s.Length, s.Language, s.Confidence)));
        Assert.Empty(french.LanguageSegments);
    }

    [Fact]
    public async Task Should_list_every_source_with_its_stage_history()
    {
        var document = await GetAsync(Id("002"));

        Assert.Equal(2, document.Sources.Count);
        var (first, again) = (document.Sources[0], document.Sources[1]);
        Assert.Equal(("002_0b653ecede0a58fe.txt", "002_0b653ecede0a58fe.txt"), (first.FileName, first.RelativePath));
        Assert.Equal(("002-again.txt", "copies/002-again.txt"), (again.FileName, again.RelativePath));
        Assert.Equal(first.RawSha256, again.RawSha256);
        foreach (var source in document.Sources)
        {
            Assert.Equal(["discovered", "normalized", "language-detected", "stored"], source.History.Select(e => e.Stage));
            Assert.Equal(source.History.Select(e => e.At).Order(), source.History.Select(e => e.At));
            Assert.Equal([null, Catalogue.NormalizerVersion, Catalogue.DetectorVersion, null], source.History.Select(e => e.Version));
            Assert.Empty(source.Failures);
        }

        Assert.Equal(Catalogue.At(2), first.History[^1].At);
        Assert.Equal(Catalogue.At(20), again.History[^1].At);
    }

    [Fact]
    public async Task Should_show_the_failures_recorded_for_its_files()
    {
        var document = await GetAsync(Id("003"));

        var source = Assert.Single(document.Sources);
        var failure = Assert.Single(source.Failures);
        Assert.Equal(("storage", "fault", source.FileId), (failure.Stage, failure.Kind, failure.FileId));
        Assert.Contains("Failed to connect", failure.Reason, StringComparison.Ordinal);
        Assert.True(failure.RejectedAt < source.History[^1].At, "the fault came before the successful retry");
    }

    [Fact]
    public async Task Should_answer_404_with_a_problem_when_there_is_no_such_document()
    {
        var response = await api.Client.GetAsync("/documents/987654321");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains("987654321", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_400_with_a_problem_when_the_id_is_not_a_number()
    {
        var response = await api.Client.GetAsync("/documents/abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("id", detail, StringComparison.Ordinal);
        Assert.Contains("abc", detail, StringComparison.Ordinal);
    }

    private long Id(string key) => api.Seeded.DocumentIds[key];

    private async Task<DocumentDetail> GetAsync(long id) => (await api.Client.GetFromJsonAsync<DocumentDetail>($"/documents/{id}"))!;
}
