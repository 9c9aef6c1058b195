namespace IngestPlatform.Normalizer.Text;

/// <summary>What a scraped news article says about itself, where it says it. Every field may be absent.</summary>
/// <param name="PublicationDate">ISO 8601 at the precision known: <c>2022-02</c> from a <c>date</c> header, <c>2022-01-12</c> when the text or URL gives the day.</param>
/// <param name="SourceUrl">The article's address, from a URL line at the top.</param>
/// <param name="Outlet">Who published it: the URL's site, else the copyright holder, else a news-agency byline, else the masthead.</param>
/// <param name="PhotoCredits">Photo credit lines and caption credits, in order.</param>
/// <param name="Copyright">The copyright statement, e.g. <c>© 2022 Belga</c>.</param>
public sealed record NewsMetadata(
    string? PublicationDate,
    string? SourceUrl,
    string? Outlet,
    IReadOnlyList<string> PhotoCredits,
    string? Copyright);
