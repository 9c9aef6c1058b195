using System.Globalization;
using System.Text.RegularExpressions;

namespace IngestPlatform.Normalizer.Text;

/// <summary>
/// Reads the metadata a scraped article carries (date header, URL, credits, copyright, outlet) and
/// removes the debris around it (headers, share and navigation lines, copyright footers, a title
/// repeated at the end). Works line by line on cleaned text; every pattern runs on a bounded slice
/// of a line, so a huge single-line file costs linear time.
/// </summary>
internal static partial class NewsCleaner
{
    private const int HeaderLines = 5;
    private const int DateSearchChars = 3000;

    // Wire services whose name alone on a line is a byline.
    private static readonly string[] Agencies =
    [
        "Agence France-Presse", "AFP", "Reuters", "Associated Press", "AP", "Belga", "ANP", "dpa", "EFE", "ANSA",
        "Xinhua", "TASS", "RIA Novosti", "Sputnik", "Bloomberg", "Kyodo", "Yonhap", "Anadolu", "Europa Press", "PAP",
    ];

    private static readonly string[] FrenchMonths =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    private static readonly string[] EnglishMonths =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    public static (string Text, string Title, NewsMetadata Metadata) Clean(string text)
    {
        var lines = new List<string?>(text.Split('\n'));
        string? headerDate = null;
        string? sourceUrl = null;
        string? copyright = null;
        string? copyrightHolder = null;
        var credits = new List<string>();

        // The scraper's "date YYYY-MM" header, possibly followed on the same line by a URL or the first paragraph.
        var first = lines.FindIndex(l => !string.IsNullOrEmpty(l));
        if (first >= 0 && DateHeader().Match(Head(lines[first]!, 40)) is { Success: true } header)
        {
            headerDate = $"{header.Groups[1].Value}-{header.Groups[2].Value}";
            lines[first] = lines[first]![header.Length..];
        }

        var seen = 0;
        for (var i = 0; i < lines.Count && seen < HeaderLines; i++)
        {
            if (string.IsNullOrEmpty(lines[i]))
            {
                continue;
            }

            seen++;
            if (UrlLine().Match(Head(lines[i]!, 2048)) is { Success: true } urlLine && urlLine.Length == lines[i]!.Length)
            {
                sourceUrl ??= urlLine.Value;
                lines[i] = null;
            }
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (string.IsNullOrEmpty(line))
            {
                continue;
            }

            if (line.Length <= 80 && Navigation().IsMatch(line))
            {
                lines[i] = null;
                continue;
            }

            if (line.Length <= 300 && PhotoCreditLine().IsMatch(line))
            {
                credits.Add(line);
                lines[i] = null;
                continue;
            }

            if (CaptionCredit().Match(Head(line, 300)) is { Success: true } caption)
            {
                var credit = caption.Groups[1].Value.Trim();
                credits.Add(credit);
                lines[i] = line = line[caption.Groups[1].Length..];
            }

            if (FindCopyright(line) is { } at)
            {
                var notice = CopyrightNotice().Match(line.Substring(at, Math.Min(300, line.Length - at)));
                if (copyright is null && notice.Success)
                {
                    copyrightHolder = Holder(notice.Groups[2].Value);
                    copyright = copyrightHolder is null ? notice.Groups[1].Value.Trim() : $"{notice.Groups[1].Value.Trim()} {copyrightHolder}";
                }

                // A footer: everything from the notice to the end of its paragraph is the site's, not the article's.
                lines[i] = at == 0 ? null : line[..at].TrimEnd();
            }
        }

        var titleIndex = FindTitle(lines);
        string? masthead = null;
        if (titleIndex >= 0)
        {
            // Short lines above the headline are the site's name and its section ("Bbabo NET", "Actualités").
            for (var i = 0; i < titleIndex; i++)
            {
                if (lines[i] is { Length: > 0 } above && IsMastheadLike(above))
                {
                    masthead ??= above;
                    lines[i] = null;
                }
            }

            // The scraper often appends the title again after the body.
            for (var i = lines.Count - 1; i > titleIndex; i--)
            {
                if (string.IsNullOrEmpty(lines[i]))
                {
                    continue;
                }

                if (!string.Equals(lines[i], lines[titleIndex], StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }

                lines[i] = null;
            }
        }

        var title = titleIndex >= 0 ? lines[titleIndex]! : FallbackTitle(lines);
        var cleaned = Join(lines);
        var byline = lines.FirstOrDefault(l => l is not null && l.Length <= 40 && Agencies.Contains(l.Trim('(', ')', ' '), StringComparer.OrdinalIgnoreCase));
        var outlet = sourceUrl is not null && Uri.TryCreate(sourceUrl, UriKind.Absolute, out var uri) ? SiteOf(uri.Host)
            : copyrightHolder ?? byline?.Trim('(', ')', ' ') ?? masthead;

        var date = PublicationDate(headerDate, sourceUrl, Head(cleaned, DateSearchChars));
        return (cleaned, title, new NewsMetadata(date, sourceUrl, outlet, credits, copyright));
    }

    private static int FindTitle(List<string?> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] is { Length: > 0 } line && IsHeadlineLike(line))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Headline length, not all capitals (credits), not a sentence ending in a full stop (captions).</summary>
    private static bool IsHeadlineLike(string line) =>
        line.Length is >= 15 and <= 200 && line.Count(char.IsLetter) >= 10 && !line.EndsWith('.') && !line.EndsWith(':')
        && line.ToUpper(CultureInfo.InvariantCulture) != line && !line.Contains("://", StringComparison.Ordinal);

    private static bool IsMastheadLike(string line) =>
        line.Length < 30 && line.Split(' ').Length <= 3 && !line.EndsWith('.') && line.Any(char.IsLetter);

    private static string FallbackTitle(List<string?> lines)
    {
        var line = lines.FirstOrDefault(l => !string.IsNullOrEmpty(l)) ?? string.Empty;
        return line.Length <= 200 ? line : line[..200].TrimEnd() + "…";
    }

    private static int? FindCopyright(string line)
    {
        var index = line.IndexOf('©', StringComparison.Ordinal);
        if (index < 0 && line.StartsWith("Copyright ", StringComparison.OrdinalIgnoreCase))
        {
            index = 0;
        }

        // "© AFP" in a caption is a credit; a footer gives a year.
        return index >= 0 && CopyrightNotice().Match(line.Substring(index, Math.Min(300, line.Length - index))).Success ? index : null;
    }

    /// <summary>The holder's name: capitalised words up to a full stop, stopping where a scrape glued the next word on ("CompanyLire").</summary>
    private static string? Holder(string words)
    {
        var kept = new List<string>();
        foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (kept.Count == 6 || !char.IsUpper(word[0]) && word is not ("de" or "du" or "of" or "and" or "&"))
            {
                break;
            }

            var glued = GluedWord().Match(word);
            if (glued.Success)
            {
                kept.Add(word[..(glued.Index + 1)]);
                break;
            }

            var end = word.TrimEnd('.', ',', ';');
            kept.Add(end);
            if (end.Length != word.Length)
            {
                break;
            }
        }

        return kept.Count == 0 ? null : string.Join(' ', kept);
    }

    private static string SiteOf(string host)
    {
        var labels = host.ToLowerInvariant().Split('.');
        // "fr.sputniknews.com" -> "sputniknews.com"; "bbc.co.uk" keeps three labels.
        var keep = labels.Length >= 3 && labels[^2] is "co" or "com" or "org" or "net" or "ac" or "gov" or "gouv" && labels[^1].Length == 2 ? 3 : 2;
        return string.Join('.', labels.TakeLast(Math.Min(keep, labels.Length)));
    }

    private static string? PublicationDate(string? headerDate, string? url, string text)
    {
        var found = new List<DateOnly>();
        if (url is not null && UrlDate().Match(url) is { Success: true } u && TryDate(u.Groups[1].Value, u.Groups[2].Value, u.Groups[3].Value, out var fromUrl))
        {
            found.Add(fromUrl);
        }

        foreach (Match m in TextDate().Matches(text))
        {
            var g = m.Groups;
            var ok = g["fd"].Success ? TryDate(g["fy"].Value, (Array.IndexOf(FrenchMonths, g["fm"].Value.ToLowerInvariant()) + 1).ToString(CultureInfo.InvariantCulture), g["fd"].Value.Replace("er", "", StringComparison.Ordinal), out var d)
                : g["ed"].Success ? TryDate(g["ey"].Value, (Array.IndexOf(EnglishMonths, g["em"].Value.ToLowerInvariant()) + 1).ToString(CultureInfo.InvariantCulture), g["ed"].Value, out d)
                : g["nd"].Success ? TryDate(g["ny"].Value, g["nm"].Value, g["nd"].Value, out d)
                : TryDate(g["iy"].Value, g["im"].Value, g["id"].Value, out d);
            if (ok)
            {
                found.Add(d);
            }
        }

        if (headerDate is not null)
        {
            // The header gives the month; a day in the text or URL refines it only if it falls in that month.
            var day = found.FirstOrDefault(d => d.ToString("yyyy-MM", CultureInfo.InvariantCulture) == headerDate);
            return day == default ? headerDate : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return found.Count > 0 ? found[0].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
    }

    private static bool TryDate(string year, string month, string day, out DateOnly date)
    {
        date = default;
        return int.TryParse(year, CultureInfo.InvariantCulture, out var y) && int.TryParse(month, CultureInfo.InvariantCulture, out var m)
            && int.TryParse(day, CultureInfo.InvariantCulture, out var d) && y is >= 1900 and <= 2100 && m is >= 1 and <= 12
            && d >= 1 && d <= DateTime.DaysInMonth(y, m) && (date = new DateOnly(y, m, d)) != default;
    }

    private static string Join(List<string?> lines)
    {
        // Removed lines leave gaps; paragraphs stay separated by exactly one blank line.
        var sb = new System.Text.StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            var trimmed = line?.Trim();
            if (string.IsNullOrEmpty(trimmed))
            {
                blank++;
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(blank > 0 ? "\n\n" : "\n");
            }

            sb.Append(trimmed);
            blank = 0;
        }

        return sb.ToString();
    }

    private static string Head(string s, int length) => s.Length <= length ? s : s[..length];

    [GeneratedRegex(@"^\s*date (\d{4})-(\d{2})\b\s*", RegexOptions.CultureInvariant)]
    private static partial Regex DateHeader();

    [GeneratedRegex(@"^https?://[^\s<>""]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UrlLine();

    [GeneratedRegex(@"/(20\d{2}|19\d{2})[-/]?(\d{2})[-/]?(\d{2})(?:/|[-_]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex UrlDate();

    [GeneratedRegex(
        @"^(?:share(?: (?:post|this|on \w+))?|partager(?: (?:l'article|cet article|sur \w+))?|stay connected|more updates|you (?:might|may) also (?:enjoy|like)|related (?:articles|posts|stories)|read more|lire (?:aussi|la suite|plus)|à lire aussi|voir aussi|sur le même sujet|retour(?: aux? \w+)?|back to \w+|subscribe(?: now| to our newsletter)?|abonnez-vous(?: à notre newsletter)?|s'abonner|inscrivez-vous(?: maintenant)?|newsletter|suivez-nous(?: sur \w+)?|follow us(?: on \w+)?|tweet|imprimer|print|commentaires?|comments?|publicité|advertisement|articles similaires|dans la même rubrique)\s*[:»›>.!]*$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Navigation();

    [GeneratedRegex(@"^(?:PHOTO\b|Photos?\s*:|Crédits?\s*(?:photo)?\s*:|Crédits? photo|Photo credit|Image\s*:)", RegexOptions.CultureInvariant)]
    private static partial Regex PhotoCreditLine();

    // "ASSOCIATED PRESS Cette photo diffusée…": an all-capitals credit run opening a caption about a photo.
    [GeneratedRegex(@"^((?:\p{Lu}[\p{Lu}.'’&-]+ ){1,6})(?=\p{Lu}\p{Ll}[^\n]{0,120}\b(?i:photo|image|picture)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex CaptionCredit();

    [GeneratedRegex(@"^((?:©|\(c\)|Copyright)\s*(?:\d{4}\s*[-–]\s*)?\d{4})\s+(.{1,200})", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CopyrightNotice();

    [GeneratedRegex(@"\p{Ll}(?=\p{Lu}\p{Ll})", RegexOptions.CultureInvariant)]
    private static partial Regex GluedWord();

    [GeneratedRegex(
        @"\b(?:(?<fd>1er|[0-3]?\d) (?<fm>janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) (?<fy>\d{4})|(?<ed>[0-3]?\d) (?<em>January|February|March|April|May|June|July|August|September|October|November|December) (?<ey>\d{4})|(?<nd>[0-3]?\d)[./](?<nm>[01]?\d)[./](?<ny>\d{4})|(?<iy>\d{4})-(?<im>\d{2})-(?<id>\d{2}))\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TextDate();
}
