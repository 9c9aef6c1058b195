namespace IngestPlatform.Contracts;

/// <summary>What a scraped article says about itself. Every field may be absent.</summary>
/// <param name="PublicationDate">ISO 8601 at the precision known (<c>2022-02</c>, <c>2022-01-12</c>).</param>
/// <param name="SourceUrl">The article's address, from a URL line at the top.</param>
/// <param name="Outlet">Who published it.</param>
/// <param name="Copyright">The copyright statement, e.g. <c>© 2022 Belga</c>.</param>
/// <param name="PhotoCredits">Photo credit lines, in order.</param>
public sealed record ArticleMetadata(
    string? PublicationDate,
    string? SourceUrl,
    string? Outlet,
    string? Copyright,
    IReadOnlyList<string> PhotoCredits);
