using System.Globalization;

namespace IngestPlatform.Normalizer.Text;

/// <summary>
/// Scores how much a candidate decoding looks like real text. Single-byte code pages all decode
/// every byte to something, and a statistical detector often hesitates between siblings
/// (windows-1252, ISO-8859-13, a DOS page…); the wrong one betrays itself by letters no single
/// alphabet uses together, symbols glued to letters, and capitals in the middle of words.
/// </summary>
internal static class DecodingPlausibility
{
    // Lower-case non-ASCII letters of the writing systems legacy code pages serve. Not a language
    // model: only which accented letters one language uses together.
    private static readonly string[] LatinAlphabets =
    [
        "àâæçéèêëîïôœùûüÿ", // French
        "äöüß", // German
        "áéíñóúü", // Spanish, Galician, Basque
        "áâãàçéêíóôõú", // Portuguese
        "àèéìíîòóù", // Italian
        "àçèéíïòóúü", // Catalan, Occitan
        "áéèêëíïóöúüôû", // Dutch, Afrikaans, Frisian
        "æøåéóáíú", // Danish, Norwegian, Faroese
        "åäöé", // Swedish
        "áéíóúýþæöð", // Icelandic
        "äöšžõü", // Finnish, Estonian
        "áéíóöőúüű", // Hungarian
        "ąćęłńóśźż", // Polish
        "áčďéěíňóřšťúůýž", // Czech
        "áäčďéíĺľňóôŕšťúýž", // Slovak
        "čćđšžě", // Croatian, Bosnian, Serbian, Slovenian, Sorbian
        "ăâîșşțţ", // Romanian
        "çğıöşüâîû", // Turkish
        "çəğıöşü", // Azerbaijani
        "ąčęėįšųūž", // Lithuanian
        "āčēģīķļņšūž", // Latvian
        "ċġħżàèìòù", // Maltese
        "âêîôûŵŷäëïöüáéíóúàèìòù", // Welsh
        "áéíóúàèìòù", // Irish, Scottish Gaelic
        "ĉĝĥĵŝŭ", // Esperanto
        "ëç", // Albanian
        "âêîôûñùüéè", // Breton
        "áčđŋšŧž", // Sami
        "āēīōū", // Polynesian, Maori
        "àéëñóã", // Wolof
        "àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ", // Vietnamese
    ];

    private static readonly (int First, int Last)[] Scripts =
    [
        (0x0370, 0x03FF), // Greek
        (0x0400, 0x04FF), // Cyrillic
        (0x0590, 0x05FF), // Hebrew
        (0x0600, 0x06FF), // Arabic
        (0x0E00, 0x0E7F), // Thai
    ];

    private static readonly int AlphabetCount = LatinAlphabets.Length + Scripts.Length;

    /// <summary>Which alphabets each character below U+1F00 belongs to, one bit per alphabet.</summary>
    private static readonly ulong[] Membership = BuildMembership();

    /// <summary>About 1 for clean text, lower for doubtful, negative for mojibake.</summary>
    public static double Score(ReadOnlySpan<char> text)
    {
        Span<int> hits = stackalloc int[AlphabetCount];
        var letters = 0;
        var suspicious = 0.0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                continue;
            }

            if (c <= 0x9F || c is >= '\uE000' and <= '\uF8FF')
            {
                // C1 controls, and the private-use characters .NET gives some bytes a code page leaves undefined
                // (windows-1257's 0xA5 is U+F8FD): what such a byte decodes to. Not fatal, since a few stray ones
                // occur in real files, but each weighs heavily.
                suspicious += 5;
                continue;
            }

            // A Cyrillic, Arabic or Thai character glued to a Latin letter ("Pravaџ", "kً") is how Latin
            // text read in the wrong code page looks. Real text mixes scripts inside words only where
            // homoglyphs crept in, far less often.
            if (c is >= (char)0x0370 and <= (char)0x1DFF)
            {
                suspicious += (IsAsciiLetterAt(text, i - 1) ? 0.4 : 0) + (IsAsciiLetterAt(text, i + 1) ? 0.4 : 0);
            }

            if ((char.IsLetter(c) && c is not ('ª' or 'º')) || c is >= (char)0x0370 and <= (char)0x1DFF)
            {
                letters++;
                Count(hits, char.ToLowerInvariant(c));

                // Latin words carry an accent here and there; a run of accented letters ("Ïðåàìáóëà") is
                // Cyrillic, Greek or Hebrew read in a Latin code page.
                if (c < 0x0370 && i > 0 && text[i - 1] is >= (char)0xC0 and < (char)0x0370 && char.IsLetter(text[i - 1]))
                {
                    suspicious += 0.5;
                }

                // A capital right after a small letter ("aÅ") is another sign of the wrong code page.
                if (char.IsUpper(c) && i > 0 && char.IsLower(text[i - 1]))
                {
                    suspicious++;
                }
            }
            else if (c is >= (char)0x0300 and <= (char)0x036F)
            {
                // Code pages with combining tone marks (windows-1258): judge the letter they make with the
                // one before, which must exist and belong to an alphabet like any other.
                letters++;
                var composed = i == 0 ? string.Empty : string.Concat(text[i - 1].ToString(), c.ToString()).Normalize();
                if (composed.Length == 1)
                {
                    Count(hits, char.ToLowerInvariant(composed[0]));
                }
                else
                {
                    suspicious++;
                }
            }
            else if (IsSymbol(c) && ((i + 1 < text.Length && char.IsLetter(text[i + 1])) || (i > 0 && char.IsLetter(text[i - 1]) && c is 'ª' or 'º'))
                && !IsAcuteAsApostrophe(text, i))
            {
                // "¹a", "¶ρθρο", "nº": a symbol where a letter belongs.
                suspicious += 2;
            }
        }

        if (letters == 0)
        {
            return 1.0 - (suspicious / Math.Max(1.0, text.Length / 50.0));
        }

        var best = 0;
        foreach (var h in hits)
        {
            best = Math.Max(best, h);
        }

        return ((double)best / letters) - (suspicious / letters);
    }

    private static void Count(Span<int> hits, char lower)
    {
        var mask = lower < Membership.Length ? Membership[lower] : 0;
        for (var a = 0; mask != 0; a++, mask >>= 1)
        {
            if ((mask & 1) != 0)
            {
                hits[a]++;
            }
        }
    }

    /// <summary>
    /// "PID´s", "l´homme": the acute accent typed for an apostrophe between two letters, as keyboards without a
    /// typographic apostrophe make writers do (LetterModels reads it the same way). Not a symbol where a letter
    /// belongs: with only a few non-ASCII letters in the file, three of them made Dutch Latin-1 look like mojibake,
    /// and a CJK reading of its bytes won.
    /// </summary>
    private static bool IsAcuteAsApostrophe(ReadOnlySpan<char> text, int index) =>
        text[index] == '\u00B4' && index > 0 && char.IsLetter(text[index - 1]) && index + 1 < text.Length && char.IsLetter(text[index + 1]);

    private static bool IsAsciiLetterAt(ReadOnlySpan<char> text, int index) =>
        index >= 0 && index < text.Length && char.IsAsciiLetter(text[index]);

    private static bool IsSymbol(char c) =>
        c is 'ª' or 'º' || char.GetUnicodeCategory(c) is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol
            or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherNumber;

    private static ulong[] BuildMembership()
    {
        var membership = new ulong[0x1F00];
        for (var a = 0; a < LatinAlphabets.Length; a++)
        {
            foreach (var c in LatinAlphabets[a])
            {
                membership[c] |= 1UL << a;
            }
        }

        for (var s = 0; s < Scripts.Length; s++)
        {
            for (var c = Scripts[s].First; c <= Scripts[s].Last; c++)
            {
                membership[c] |= 1UL << (LatinAlphabets.Length + s);
            }
        }

        return membership;
    }
}
