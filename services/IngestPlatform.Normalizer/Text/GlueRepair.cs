using System.Text;

namespace IngestPlatform.Normalizer.Text;

/// <summary>
/// Puts back the space scrapers drop between sentences ("abrogé.Moscou", "en vue?Le"). A mark is
/// followed by a space only between a small letter (or a closing quote) and a capital, so decimals
/// (3.5), initials and abbreviations (U.S., M.Grouchko), domains (nytimes.com) and anything inside a
/// URL or an e-mail address stay as they are. One linear pass.
/// </summary>
internal static class GlueRepair
{
    public static string Repair(string text)
    {
        StringBuilder? sb = null;
        var copied = 0;
        var tokenStart = 0;
        for (var i = 1; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                tokenStart = i + 1;
                continue;
            }

            if (c is not ('.' or '?' or '!') || !IsGlued(text, i) || InsideAddress(text, tokenStart, i))
            {
                continue;
            }

            sb ??= new StringBuilder(text.Length + 64);
            sb.Append(text, copied, i + 1 - copied).Append(' ');
            copied = i + 1;
        }

        if (sb is null)
        {
            return text;
        }

        sb.Append(text, copied, text.Length - copied);
        return sb.ToString();
    }

    private static bool IsGlued(string text, int mark)
    {
        var before = text[mark - 1];
        var afterIndex = mark + 1;
        if (text[afterIndex] is '"' or '«' or '“' && afterIndex + 1 < text.Length)
        {
            afterIndex++;
        }

        var after = text[afterIndex];
        if (!char.IsUpper(after))
        {
            return false;
        }

        // "U.S.A" and "J.K." are initials: a single capital, then a mark again.
        if (afterIndex + 1 < text.Length && text[afterIndex + 1] is '.' && mark >= 1 && char.IsUpper(before))
        {
            return false;
        }

        return char.IsLower(before) || before is '"' or '»' or '”' or ')' || (char.IsDigit(before) && text[mark] == '.');
    }

    private static bool InsideAddress(string text, int tokenStart, int mark)
    {
        // Bounded look-back: a 50 MB line without spaces must not make this quadratic.
        var start = Math.Max(tokenStart, mark - 256);
        var token = text.AsSpan(start, mark - start);
        return token.Contains("://", StringComparison.Ordinal) || token.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
            || token.Contains('@') || token.Contains('/');
    }
}
