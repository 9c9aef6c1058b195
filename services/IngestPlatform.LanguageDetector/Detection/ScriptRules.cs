using System.Runtime.CompilerServices;

namespace IngestPlatform.LanguageDetector.Detection;

/// <summary>The writing systems the rules below tell apart (Lingua's <c>Alphabet</c>, plus the CJK ones).</summary>
public enum Script : byte
{
    None,
    Latin,
    Cyrillic,
    Greek,
    Armenian,
    Hebrew,
    Arabic,
    Devanagari,
    Bengali,
    Gurmukhi,
    Gujarati,
    Tamil,
    Telugu,
    Sinhala,
    Thai,
    Georgian,
    Ethiopic,
    Han,
    Kana,
    Hangul,
}

/// <summary>Letters per <see cref="Script"/> of one text.</summary>
[InlineArray(ScriptRules.ScriptCount)]
public struct ScriptTally
{
    private int _element;
}

/// <summary>How many words hold a letter of each entry of the characters-to-languages table (distinct letters per word).</summary>
[InlineArray(ScriptRules.CharSetCount)]
public struct CharSetTally
{
    private int _element;
}

/// <summary>Distinct telltale letters seen in the current word.</summary>
[InlineArray(8)]
public struct WordLetters
{
    private char _element;
}

/// <summary>
/// Lingua's rules that run before its n-gram models, which the fast engine had lacked (issue 14: Gujarati, Marathi and
/// Tamil prose with a few English words read as English; mis-decoded Turkish read as Icelandic):
/// <list type="bullet">
/// <item>the script: when most letters are in one script, only the languages written in it are scored, and a script
/// written by one supported language only (Greek, Hebrew, Georgian, Gujarati, ...) decides alone. Which languages a
/// script serves is read from Lingua's own unigram models (most of a language's letter mass in that script), not
/// from a list kept here. Indic vowel signs are marks, not letters, in Lingua's models, so a long Gujarati text
/// yields few trigrams and a handful of English words could outweigh it: the script settles it first;</item>
/// <item>Lingua's characters-to-languages table (<c>LanguageDetector.CharsToLanguagesMapping</c>, copied as data): when
/// at least half the words hold a letter from the table, only the languages those letters belong to are scored.</item>
/// </list>
/// Nothing here was tuned on a corpus: the 50% majorities are Lingua's.
/// </summary>
public static class ScriptRules
{
    public const int ScriptCount = 20;
    public const int CharSetCount = 43;

    private static readonly byte[] Table = BuildTable();

    // Lingua 2.0.0's table, lower case only: the scorer sees lower-cased text.
    private static readonly (string Letters, string[] Languages)[] CharsToLanguages =
    [
        ("ã", ["pt", "vi"]),
        ("ąę", ["lt", "pl"]),
        ("ż", ["pl", "ro"]),
        ("î", ["fr", "ro"]),
        ("ñ", ["eu", "es"]),
        ("ňť", ["cs", "sk"]),
        ("ă", ["ro", "vi"]),
        ("ığ", ["az", "tr"]),
        ("јљњ", ["mk", "sr"]),
        ("ẹọ", ["vi", "yo"]),
        ("ðþ", ["is", "tr"]),
        ("û", ["fr", "hu"]),
        ("ō", ["mi", "yo"]),
        ("āēī", ["lv", "mi", "yo"]),
        ("ş", ["az", "ro", "tr"]),
        ("ď", ["cs", "ro", "sk"]),
        ("ć", ["bs", "hr", "pl"]),
        ("đ", ["bs", "hr", "vi"]),
        ("і", ["be", "kk", "uk"]),
        ("ì", ["it", "vi", "yo"]),
        ("ø", ["nb", "da", "nn"]),
        ("ū", ["lv", "lt", "mi", "yo"]),
        ("ë", ["af", "sq", "nl", "fr"]),
        ("èù", ["fr", "it", "vi", "yo"]),
        ("ê", ["af", "fr", "pt", "vi"]),
        ("õ", ["et", "hu", "pt", "vi"]),
        ("ô", ["fr", "pt", "sk", "vi"]),
        ("ёыэ", ["be", "kk", "mn", "ru"]),
        ("щъ", ["bg", "kk", "mn", "ru"]),
        ("ò", ["ca", "it", "vi", "yo"]),
        ("æ", ["nb", "da", "is", "nn"]),
        ("å", ["nb", "da", "nn", "sv"]),
        ("ý", ["cs", "is", "sk", "tr", "vi"]),
        ("ä", ["et", "fi", "de", "sk", "sv"]),
        ("à", ["ca", "fr", "it", "pt", "vi"]),
        ("â", ["fr", "pt", "ro", "tr", "vi"]),
        ("ü", ["az", "ca", "et", "de", "hu", "es", "tr"]),
        ("čšž", ["bs", "cs", "hr", "lv", "lt", "sk", "sl"]),
        ("ç", ["sq", "az", "eu", "ca", "fr", "pt", "tr"]),
        ("ö", ["az", "et", "fi", "de", "hu", "is", "sv", "tr"]),
        ("ó", ["ca", "hu", "is", "ga", "pl", "pt", "sk", "es", "vi", "yo"]),
        ("áíú", ["ca", "cs", "is", "ga", "hu", "pt", "sk", "es", "vi", "yo"]),
        ("é", ["ca", "cs", "fr", "hu", "is", "ga", "it", "pt", "sk", "es", "vi", "yo"]),
    ];

    private static readonly sbyte[] CharSet = BuildCharSets();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Script Of(char c) => c < Table.Length ? (Script)Table[c] : OfHigh(c);

    private static readonly ConditionalWeakTable<NgramIndex, int[][]> ByScript = [];

    /// <summary>
    /// For each script, the index languages whose unigram model puts most of its letter mass in it. Every letter below
    /// U+3000 looked up once (tens of milliseconds), once per index.
    /// </summary>
    public static int[][] LanguagesByScript(NgramIndex index) => ByScript.GetValue(index, ComputeLanguagesByScript);

    private static int[][] ComputeLanguagesByScript(NgramIndex index)
    {
        var mass = new double[index.Languages.Count, ScriptCount];
        Span<char> letter = stackalloc char[1];
        // Below U+3000 only: Chinese, Japanese and Korean are decided by their scripts before these rules run, and the
        // 30,000 Han and Hangul letters above would double the start-up cost for nothing.
        for (var c = 1; c < Table.Length; c++)
        {
            var script = Of((char)c);
            if (script == Script.None || !char.IsLetter((char)c))
            {
                continue;
            }

            letter[0] = (char)c;
            var postings = index.Lookup(1, NgramHash.Of(letter), out var languages, out var costs);
            for (var j = 0; j < postings; j++)
            {
                mass[languages[j], (int)script] += Math.Exp(-costs[j] / NgramIndex.CostScale);
            }
        }

        var result = new int[ScriptCount][];
        for (var s = 0; s < ScriptCount; s++)
        {
            result[s] = [.. Enumerable.Range(0, index.Languages.Count).Where(l =>
            {
                var total = 0.0;
                for (var t = 0; t < ScriptCount; t++)
                {
                    total += mass[l, t];
                }

                return total > 0 && mass[l, s] >= 0.5 * total;
            })];
        }

        return result;
    }

    /// <summary>Lingua's characters-to-languages table as index languages, one entry per letter set.</summary>
    public static int[][] CharSetLanguages(NgramIndex index) =>
        [.. CharsToLanguages.Select(set => set.Languages
            .Select(code => index.Languages.ToList().IndexOf(code))
            .Where(l => l >= 0)
            .ToArray())];

    /// <summary>The entry of the characters-to-languages table holding this lower-case letter, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CharSetOf(char c) => c < CharSet.Length ? CharSet[c] : -1;

    private static sbyte[] BuildCharSets()
    {
        var sets = new sbyte[0x2000];
        Array.Fill(sets, (sbyte)-1);
        for (var s = 0; s < CharsToLanguages.Length; s++)
        {
            foreach (var c in CharsToLanguages[s].Letters)
            {
                sets[c] = (sbyte)s;
            }
        }

        return sets;
    }

    private static Script OfHigh(char c) => c switch
    {
        (>= '\u3040' and <= '\u30FF') or (>= '\u31F0' and <= '\u31FF') or (>= '\uFF66' and <= '\uFF9D') => Script.Kana,
        (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF') => Script.Han,
        (>= '\uAC00' and <= '\uD7AF') or (>= '\u3130' and <= '\u318F') => Script.Hangul,
        (>= '\uFB50' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFF') => Script.Arabic,
        (>= '\uFF21' and <= '\uFF3A') or (>= '\uFF41' and <= '\uFF5A') => Script.Latin,
        _ => Script.None,
    };

    private static byte[] BuildTable()
    {
        var table = new byte[0x3000];
        void Range(int from, int to, Script script)
        {
            for (var c = from; c <= to; c++)
            {
                table[c] = (byte)script;
            }
        }

        Range('a', 'z', Script.Latin);
        Range('A', 'Z', Script.Latin);
        Range(0xC0, 0x24F, Script.Latin);
        Range(0x1E00, 0x1EFF, Script.Latin);
        Range(0x370, 0x3FF, Script.Greek);
        Range(0x1F00, 0x1FFF, Script.Greek);
        Range(0x400, 0x52F, Script.Cyrillic);
        Range(0x530, 0x58F, Script.Armenian);
        Range(0x590, 0x5FF, Script.Hebrew);
        Range(0x600, 0x6FF, Script.Arabic);
        Range(0x750, 0x77F, Script.Arabic);
        Range(0x900, 0x97F, Script.Devanagari);
        Range(0x980, 0x9FF, Script.Bengali);
        Range(0xA00, 0xA7F, Script.Gurmukhi);
        Range(0xA80, 0xAFF, Script.Gujarati);
        Range(0xB80, 0xBFF, Script.Tamil);
        Range(0xC00, 0xC7F, Script.Telugu);
        Range(0xD80, 0xDFF, Script.Sinhala);
        Range(0xE00, 0xE7F, Script.Thai);
        Range(0x10A0, 0x10FF, Script.Georgian);
        Range(0x1C90, 0x1CBF, Script.Georgian);
        Range(0x2D00, 0x2D2F, Script.Georgian);
        Range(0x1100, 0x11FF, Script.Hangul);
        Range(0x1200, 0x139F, Script.Ethiopic);
        // ×, ÷ and the like sit inside the Latin-1 block but are not letters; char.IsLetter gates every count anyway.
        return table;
    }
}
